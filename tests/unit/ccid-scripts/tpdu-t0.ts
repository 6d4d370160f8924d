/** ACS ACR39U (TPDU level, T=0 and T=1, no automatic voltage), recorded with a T=0-only card (ATR 3B 00). */
import type { CcidScript } from '../../support/ccid-script-device.ts';

export const tpduT0: CcidScript = {
  reader: 'ACS_ACR39U_ICC_Reader.txt',
  apdus: [
    ['00a4040c0ad392f000260100000001', '9000'],
    ['00a4020c020006', '9000'],
    ['00b0000000', `4a504b494150494343544f4b454e32${'20'.repeat(17)}9000`],
    ['00b000000f', '4a504b494150494343544f4b454e329000'],
  ],
  steps: [
    ['>', '62 00000000 00 00 03 0000', 'IccPowerOn, bPowerSelect 3: class C (1.8 V) first (ISO/IEC 7816-3 §6.2.4)'],
    ['<', '80 00000000 00 00 41 fe 00', 'failed, ICC present and inactive, ICC_MUTE: the card does not work at 1.8 V'],
    ['>', '63 00000000 00 01 00 0000', 'IccPowerOff before another voltage'],
    ['<', '81 00000000 00 01 01 00 00', 'RDR_to_PC_SlotStatus: present, inactive'],
    ['>', '62 00000000 00 02 02 0000', 'IccPowerOn, bPowerSelect 2: class B (3 V)'],
    ['<', '80 02000000 00 02 00 00 00 3b00', 'ATR 3B 00: T=0 only, default rate'],
    ['>', '61 05000000 00 03 00 0000 11 00 00 0a 00', 'SetParameters T=0: Fi/Di 11, guard time 0, WI 10'],
    ['<', '82 05000000 00 03 00 00 00 11 00 00 0a 00', 'Parameters, bProtocolNum 0'],
    ['>', '6f 0f000000 00 04 00 0000 00a4040c0ad392f000260100000001', 'TPDU case 3: SELECT JPKI-AP, P3 = Lc'],
    ['<', '80 02000000 00 04 00 00 00 9000', '90 00'],
    ['>', '6f 07000000 00 05 00 0000 00a4020c020006', 'TPDU case 3: SELECT EF 0006'],
    ['<', '80 02000000 00 05 00 00 00 9000', '90 00'],
    ['>', '6f 05000000 00 06 00 0000 00b0000000', 'TPDU case 2: READ BINARY, P3 = 00 (256)'],
    ['<', '80 02000000 00 06 00 00 00 6c20', '6C 20: wrong length, 32 bytes available (§12.2.3)'],
    ['>', '6f 05000000 00 07 00 0000 00b0000020', 'the same TPDU again with P3 = 20'],
    ['<', '80 22000000 00 07 00 00 00 4a504b494150494343544f4b454e32 2020202020202020202020202020202020 9000', 'the 32 bytes and 90 00'],
    ['>', '6f 05000000 00 08 00 0000 00b000000f', 'TPDU case 2: READ BINARY 15 bytes'],
    ['<', '80 11000000 00 08 00 00 00 4a504b494150494343544f4b454e32 9000', '"JPKIAPICCTOKEN2" 90 00'],
  ],
};
