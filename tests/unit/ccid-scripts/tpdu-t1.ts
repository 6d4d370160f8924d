/** NTT Communications SCR3310 (vendor class, TPDU level, auto voltage, auto PPS from SetParameters, no auto IFSD): T=1 run by the host. */
import type { CcidScript } from '../../support/ccid-script-device.ts';

export const tpduT1: CcidScript = {
  reader: 'SCR3310-NTTCom.txt',
  apdus: [
    ['00a4040c0ad392f000260100000001', '9000'],
    ['00a4020c020006', '9000'],
    ['00b000000f', '4a504b494150494343544f4b454e329000'],
  ],
  steps: [
    ['>', '62 00000000 00 00 00 0000', 'PC_to_RDR_IccPowerOn slot 0, bSeq 0, bPowerSelect 0 (the reader selects the voltage: dwFeatures 0x08)'],
    ['<', '80 09000000 00 00 00 00 00 3be000ff8131fe4514', 'RDR_to_PC_DataBlock: the My Number Card ATR (T=1, IFSC 254, BWI 4 CWI 5, TC1 FF)'],
    ['>', '61 07000000 00 01 01 0000 11 10 ff 45 00 fe 00', 'PC_to_RDR_SetParameters T=1: Fi/Di 11, LRC, guard time FF, BWI/CWI 45, IFSC FE (no 0x40: the host sets them)'],
    ['<', '82 07000000 00 01 00 00 01 11 10 ff 45 00 fe 00', 'RDR_to_PC_Parameters, bProtocolNum 1'],
    ['>', '6f 05000000 00 02 00 0000 00 c1 01 fc 3c', 'XfrBlock S(IFS request, IFSD 252): dwMaxIFSD, the reader does not negotiate it (no 0x400)'],
    ['<', '80 05000000 00 02 00 00 00 00 e1 01 fc 1c', 'S(IFS response, 252)'],
    ['>', '6f 13000000 00 03 00 0000 00 00 0f 00a4040c0ad392f000260100000001 3e', 'I(0) SELECT JPKI-AP'],
    ['<', '80 06000000 00 03 00 00 00 00 00 02 9000 92', 'I(0) 90 00'],
    ['>', '6f 0b000000 00 04 00 0000 00 40 07 00a4020c020006 e9', 'I(1) SELECT EF 0006 (token information)'],
    ['<', '80 06000000 00 04 00 00 00 00 40 02 9000 d2', 'I(1) 90 00'],
    ['>', '6f 09000000 00 05 00 0000 00 00 05 00b000000f ba', 'I(0) READ BINARY 15 bytes'],
    ['<', '80 15000000 00 05 00 00 00 00 00 11 4a504b494150494343544f4b454e32 9000 a8', 'I(0) "JPKIAPICCTOKEN2" 90 00'],
  ],
};
