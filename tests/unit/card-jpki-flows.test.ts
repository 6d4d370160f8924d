/**
 * JPKI-AP flows against recorded APDU scripts at the transport boundary, with real certificate
 * bytes (a training resident's) and the card's real signature for a fixed challenge.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SecurityStatusNotSatisfiedError } from '../../src/card/apdu/status-errors.ts';
import { CardDataError } from '../../src/card/errors-data.ts';
import { sha256DigestInfo } from '../../src/card/jpki/digest-info.ts';
import { parseTokenInfo, readTokenInfo } from '../../src/card/jpki/token-info.ts';
import { readUserAuthCaCertificate, readUserAuthCertificate, signWithUserAuthKey, verifyUserAuthSignature } from '../../src/card/jpki/user-auth.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { RSA_SIGNING } from '../../src/card/training/x509-builder.ts';
import { EXTENDED_APDU_CAPABILITIES } from '../../src/card/virtual/virtual-transport.ts';
import { base64ToBytes, bytesToHex } from '../../src/protocol/encoding.ts';
import { readFileSteps, ScriptedTransport, step } from '../support/apdu-script.ts';

const SELECT_JPKI = step('00a4040c0a d392f000260100000001', '9000', 'SELECT JPKI-AP');
const resident = trainingResident('R01');
const certificate = base64ToBytes(resident.userAuth.certificate);

describe('reading the user-authentication certificate', () => {
  it('reads the length from the DER header, then 256-byte chunks through a short-APDU reader', async () => {
    const transport = new ScriptedTransport([SELECT_JPKI, step('00a4020c02 000a', '9000', 'SELECT EF 000A'), ...readFileSteps(certificate, { what: 'certificate' })]);
    const der = await readUserAuthCertificate(openCardSession(transport));
    transport.assertDone();
    expect(bytesToHex(der)).toBe(bytesToHex(certificate));
    expect(transport.received.length).toBe(2 + 1 + Math.ceil((certificate.length - 8) / 256));
  });

  it('reads the rest in one extended READ BINARY when the reader carries extended length', async () => {
    const transport = new ScriptedTransport(
      [SELECT_JPKI, step('00a4020c02 000a', '9000', 'SELECT EF 000A'), ...readFileSteps(certificate, { what: 'certificate', chunk: 65536, extended: true })],
      EXTENDED_APDU_CAPABILITIES,
    );
    const der = await readUserAuthCertificate(openCardSession(transport));
    transport.assertDone();
    expect(transport.received).toHaveLength(4);
    expect(der.length).toBe(certificate.length);
  });

  it('reads the CA certificate the same way', async () => {
    const ca = (await trainingAuthority()).ca('user-authentication', resident.userAuth.generation).der;
    const transport = new ScriptedTransport([SELECT_JPKI, step('00a4020c02 000b', '9000', 'SELECT EF 000B'), ...readFileSteps(ca, { what: 'CA certificate' })]);
    expect(bytesToHex(await readUserAuthCaCertificate(openCardSession(transport)))).toBe(bytesToHex(ca));
  });

  it('refuses an erased EF, a header claiming too much, and a file that is not DER', async () => {
    const cases = [
      ['ffffffffffffffff9000', /empty or erased/],
      ['3083100000000000' + '9000', /more than the 8192 accepted/],
      ['0408aabbccddeeff0011' + '9000', /not a DER SEQUENCE/],
    ] as const;
    for (const [probe, message] of cases) {
      const transport = new ScriptedTransport([
        SELECT_JPKI,
        step('00a4020c02 000a', '9000', 'SELECT EF 000A'),
        step('00b0000008', probe, 'header probe'),
        step('00b0000802', 'eeff9000', 'rest'),
      ]);
      const error = await readUserAuthCertificate(openCardSession(transport)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CardDataError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('stops when the card returns no data', async () => {
    const transport = new ScriptedTransport([
      SELECT_JPKI,
      step('00a4020c02 000a', '9000', 'SELECT EF 000A'),
      step('00b0000008', `${bytesToHex(certificate.subarray(0, 8))}9000`, 'header probe'),
      step('00b0000800', '6282', 'end of file, nothing'),
    ]);
    await expect(readUserAuthCertificate(openCardSession(transport))).rejects.toThrow(/no data at offset 8/);
  });
});

describe('token information', () => {
  it('recognizes the JPKI-AP token', async () => {
    const label = new TextEncoder().encode('JPKIAPICCTOKEN2'.padEnd(32, ' '));
    const transport = new ScriptedTransport([SELECT_JPKI, step('00a4020c02 0006', '9000', 'SELECT EF 0006'), step('00b0000020', `${bytesToHex(label)}9000`, 'READ BINARY 32')]);
    expect(await readTokenInfo(openCardSession(transport))).toEqual({ label: 'JPKIAPICCTOKEN2', version: 2 });
    expect(parseTokenInfo(new TextEncoder().encode('JPKIAPICCTOKEN\0\0'))).toEqual({ label: 'JPKIAPICCTOKEN', version: 1 });
    expect(() => parseTokenInfo(new TextEncoder().encode('SOMEOTHERCARD'))).toThrow(CardDataError);
  });
});

describe('signing with the user-authentication key', () => {
  const challenge = new TextEncoder().encode('shelterkey check-in 2026-11-23T09:00:00+09:00');
  let digestInfo: Uint8Array;
  let cardSignature: Uint8Array;

  beforeAll(async () => {
    digestInfo = await sha256DigestInfo(challenge);
    // The card's answer: PKCS#1 v1.5 is deterministic, so this is exactly what R01's card returns.
    const key = await crypto.subtle.importKey('pkcs8', base64ToBytes(resident.userAuth.privateKey), RSA_SIGNING, false, ['sign']);
    cardSignature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, challenge));
  });

  it('sends the SHA-256 DigestInfo with COMPUTE DIGITAL SIGNATURE and checks the answer against the certificate', async () => {
    expect(bytesToHex(digestInfo).startsWith('3031300d060960864801650304020105000420')).toBe(true);
    const transport = new ScriptedTransport([
      SELECT_JPKI,
      step('00a4020c02 0017', '9000', 'SELECT EF 0017 (user-auth key)'),
      step(`802a0080 33 ${bytesToHex(digestInfo)} 00`, `${bytesToHex(cardSignature)}9000`, 'COMPUTE DIGITAL SIGNATURE'),
    ]);
    const signature = await signWithUserAuthKey(openCardSession(transport), challenge);
    transport.assertDone();
    expect(await verifyUserAuthSignature(certificate, challenge, signature)).toBe(true);
    expect(await verifyUserAuthSignature(certificate, new TextEncoder().encode('another challenge'), signature)).toBe(false);
    const other = base64ToBytes(trainingResident('R02').userAuth.certificate);
    expect(await verifyUserAuthSignature(other, challenge, signature)).toBe(false);
  });

  it('reports a missing PIN verification (6982)', async () => {
    const transport = new ScriptedTransport([SELECT_JPKI, step('00a4020c02 0017', '9000', 'SELECT EF 0017'), step('802a0080 33 ' + '..'.repeat(51) + ' 00', '6982', 'PIN not verified')]);
    await expect(signWithUserAuthKey(openCardSession(transport), challenge)).rejects.toBeInstanceOf(SecurityStatusNotSatisfiedError);
  });
});
