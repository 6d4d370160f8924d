/** ACS ACR3901U (short APDU level, T=0 and T=1, auto voltage, auto PPS, no auto negotiation). */
import type { CcidScript } from '../../support/ccid-script-device.ts';

export const shortApdu: CcidScript = {
  reader: 'ACS_ACR3901U_ICC_Reader.txt',
  apdus: [
    ['00a4040c0ad392f000260100000001', '9000'],
    ['00a4020c020006', '9000'],
    ['00b000000f', '4a504b494150494343544f4b454e329000'],
  ],
  steps: [
    ['>', '62 00000000 00 00 00 0000', 'IccPowerOn, automatic voltage (dwFeatures 0x08)'],
    ['<', '80 09000000 00 00 00 00 00 3be000ff8131fe4514', 'ATR'],
    ['>', '61 07000000 00 01 01 0000 11 10 ff 45 00 fe 00', 'SetParameters T=1 (the reader makes the PPS from them: 0x80)'],
    ['<', '82 07000000 00 01 00 00 01 11 10 ff 45 00 fe 00', 'Parameters'],
    ['>', '6f 0f000000 00 02 00 0000 00a4040c0ad392f000260100000001', 'XfrBlock: the whole short APDU, wLevelParameter 0'],
    ['<', '80 02000000 00 02 00 00 00 9000', 'DataBlock: the whole response, bChainParameter 0'],
    ['>', '6f 07000000 00 03 00 0000 00a4020c020006', 'SELECT EF 0006'],
    ['<', '80 02000000 00 03 00 00 00 9000', '90 00'],
    ['>', '6f 05000000 00 04 00 0000 00b000000f', 'READ BINARY 15 bytes'],
    ['<', '80 11000000 00 04 00 00 00 4a504b494150494343544f4b454e32 9000', '"JPKIAPICCTOKEN2" 90 00'],
  ],
};
