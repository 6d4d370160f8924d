/**
 * FSIJ Gnuk token (extended APDU level, 64-byte messages, automatic negotiation 0x40): a
 * response and a command longer than one message travel chained with wLevelParameter and
 * bChainParameter (CCID §6.1.4, §6.2.1).
 */
import type { CcidScript } from '../../support/ccid-script-device.ts';

const longAid = 'ee'.repeat(60);
const caCertificateHead =
  '308204833082036ba003020102020500b4d6de20300d06092a864886f70d01010b050030818b310b3009060355040613024a50311630' +
  '14060355040a0c0d4a504b4920545241494e494e4731253023060355040b0c1c4a504b4920666f722075';

export const extendedApdu: CcidScript = {
  reader: 'Fsij_gnuk.txt',
  apdus: [
    ['00a4040c0ad392f000260100000001', '9000'],
    ['00a4020c02000b', '9000'],
    ['00b0000060', `${caCertificateHead}9000`],
    [`00a4040c3c${longAid}`, '6a82'],
  ],
  steps: [
    ['>', '62 00000000 00 00 01 0000', 'IccPowerOn, bPowerSelect 1: the only class the token offers (5 V)'],
    ['<', '80 09000000 00 00 00 00 00 3be000ff8131fe4514', 'ATR; no SetParameters follows: the reader negotiates itself (0x40)'],
    ['>', '6f 0f000000 00 01 00 0000 00a4040c0ad392f000260100000001', 'SELECT JPKI-AP in one message'],
    ['<', '80 02000000 00 01 00 00 00 9000', '90 00'],
    ['>', '6f 07000000 00 02 00 0000 00a4020c02000b', 'SELECT EF 000B (the CA certificate)'],
    ['<', '80 02000000 00 02 00 00 00 9000', '90 00'],
    ['>', '6f 05000000 00 03 00 0000 00b0000060', 'READ BINARY 96 bytes'],
    ['<', `80 36000000 00 03 00 00 01 ${caCertificateHead.slice(0, 108)}`, 'first 54 bytes, bChainParameter 01: the response begins and continues'],
    ['>', '6f 00000000 00 04 00 1000', 'empty XfrBlock, wLevelParameter 0010: send the rest'],
    ['<', `80 2c000000 00 04 00 00 02 ${caCertificateHead.slice(108)}9000`, 'last 44 bytes, bChainParameter 02: the response ends'],
    ['>', `6f 36000000 00 05 00 0100 00a4040c3c${longAid.slice(0, 98)}`, 'a 65-byte command: first 54 bytes, wLevelParameter 0001 (begins, continues)'],
    ['<', '80 00000000 00 05 00 00 10', 'empty DataBlock, bChainParameter 10: send the rest of the command'],
    ['>', `6f 0b000000 00 06 00 0200 ${longAid.slice(98)}`, 'last 11 bytes, wLevelParameter 0002 (ends)'],
    ['<', '80 02000000 00 06 00 00 00 6a82', '6A 82: no such application'],
  ],
};
