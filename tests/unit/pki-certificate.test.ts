import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import { parseCertificate, serialToHex } from '../../src/pki/certificate.ts';
import { MalformedCertificateError } from '../../src/pki/errors.ts';
import { derBlocksFromFile, parsePem, toPem } from '../../src/pki/pem.ts';
import { JPKI_CA_CERTIFICATES } from '../../src/pki/trust/jpki.ts';
import { openssl, OpenSslWorkspace } from '../support/openssl.ts';

const encoder = new TextEncoder();

function jpki(label: string): Uint8Array<ArrayBuffer> {
  const entry = JPKI_CA_CERTIFICATES.find((c) => c.label.includes(label));
  if (!entry) throw new Error(`no ${label}`);
  const [block] = parsePem(entry.pem);
  if (!block) throw new Error('no PEM block');
  return block.der;
}

describe('parseCertificate on the real JPKI CA certificates', () => {
  const expected = [
    { label: 'user authentication CA (2015', serial: '01', ski: '9567951b5ca70d84a0fff1d85a87f1aab1340385', notAfter: '2025-10-19T14:59:59.000Z', ou: 'JPKI for user authentication' },
    { label: 'user authentication CA (2023', serial: '06D18006', ski: '1ac100f596a3bc8c4b3df195e32699249e9e308a', notAfter: '2033-07-15T14:59:59.000Z', ou: 'JPKI for user authentication' },
    { label: 'digital signature CA (2015', serial: '01', ski: '0d034cbb34d0714f45e45a1cafd8fd143fab54a7', notAfter: '2025-10-19T14:59:59.000Z', ou: 'JPKI for digital signature' },
    { label: 'digital signature CA (2023', serial: '067C6A21', ski: 'd21ea55895617e93adbf966b941ab4edf653f08f', notAfter: '2033-07-15T14:59:59.000Z', ou: 'JPKI for digital signature' },
  ];
  for (const e of expected) {
    it(`reads ${e.label})`, () => {
      const ca = parseCertificate(jpki(e.label));
      expect(ca.serialHex).toBe(e.serial);
      expect(bytesToHex(ca.subjectKeyIdentifier ?? new Uint8Array())).toBe(e.ski);
      expect(ca.notAfter.toISOString()).toBe(e.notAfter);
      expect(ca.subject.text).toBe(`OU=Japan Agency for Local Authority Information Systems,OU=${e.ou},O=JPKI,C=JP`);
      expect(ca.issuer.text).toBe(ca.subject.text);
      expect(ca.basicConstraints).toEqual({ ca: true, pathLength: undefined });
      expect([...(ca.keyUsage ?? [])].sort()).toEqual(['cRLSign', 'keyCertSign']);
      expect(ca.authorityKeyIdentifier).toBeUndefined();
      expect(ca.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.11');
      expect(ca.unhandledCritical).toEqual([]);
      expect(ca.version).toBe(3);
    });
  }

  it('keeps both generations apart though their DNs are byte-identical', () => {
    const a = parseCertificate(jpki('user authentication CA (2015'));
    const b = parseCertificate(jpki('user authentication CA (2023'));
    expect(bytesToHex(a.subject.der)).toBe(bytesToHex(b.subject.der));
    expect(bytesToHex(a.subjectPublicKeyInfo)).not.toBe(bytesToHex(b.subjectPublicKeyInfo));
  });
});

describe('parseCertificate against OpenSSL', () => {
  const ws = new OpenSslWorkspace();
  afterAll(() => ws.dispose());

  it('agrees with openssl on serial, names, dates and key identifiers', () => {
    const ca = ws.selfSignedCa({ subject: '/C=JP/O=Test/OU=Gen A/CN=Root, "quoted"' });
    // A serial whose top bit is set is encoded with a leading 00 byte.
    const leaf = ws.issue(ca, { subject: '/C=JP/CN=1C2410DF79DGEL07202002B', serial: '0x80A1B2C3D4' });
    const parsed = parseCertificate(leaf.der);
    const text = (args: string[]) => openssl(['x509', '-in', leaf.certPath, '-noout', ...args]).trim();
    expect(`serial=${parsed.serialHex}`).toBe(text(['-serial']));
    expect(parsed.serialNumber[0]).toBe(0x00);
    expect(`subject=${parsed.subject.text}`).toBe(text(['-subject', '-nameopt', 'RFC2253']));
    expect(`issuer=${parsed.issuer.text}`).toBe(text(['-issuer', '-nameopt', 'RFC2253']));
    const enddate = new Date(text(['-enddate']).replace('notAfter=', ''));
    expect(parsed.notAfter.toISOString()).toBe(enddate.toISOString());
    const caParsed = parseCertificate(ca.der);
    expect(bytesToHex(parsed.authorityKeyIdentifier ?? new Uint8Array())).toBe(bytesToHex(caParsed.subjectKeyIdentifier ?? new Uint8Array()));
    expect(parsed.keyUsage).toEqual(new Set(['digitalSignature']));
    expect(parsed.basicConstraints).toEqual({ ca: false, pathLength: undefined });
  });

  it('lists critical extensions it does not handle', () => {
    const ca = ws.selfSignedCa({ subject: '/CN=Root' });
    const leaf = ws.issue(ca, { subject: '/CN=leaf', extensions: ['keyUsage = critical, digitalSignature', 'subjectAltName = critical, DNS:example.jp'] });
    expect(parseCertificate(leaf.der).unhandledCritical).toEqual(['2.5.29.17']);
  });
});

describe('parseCertificate on bad input', () => {
  let good: Uint8Array<ArrayBuffer>;
  beforeAll(() => {
    good = jpki('user authentication CA (2023');
  });

  const cases: [string, () => Uint8Array][] = [
    ['empty input', () => new Uint8Array()],
    ['truncated DER', () => good.subarray(0, 300)],
    ['trailing bytes', () => new Uint8Array([...good, 0x00])],
    ['text', () => encoder.encode('hello, this is not a certificate')],
    ['a DER SEQUENCE that is not a certificate', () => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])],
    ['an indefinite length bomb', () => new Uint8Array([0x30, 0x80, ...new Array<number>(64).fill(0x30), 0x80])],
    ['oversize input', () => new Uint8Array(70_000).fill(0x30)],
    // asn1js threw a plain Error on this rather than reporting it (found by fuzzing /rp/validate).
    ['a GeneralizedTime that is not a time', () => new Uint8Array([0x30, 0x06, 0x18, 0x04, 0x5a, 0x5a, 0x5a, 0x5a])],
  ];
  for (const [name, make] of cases) {
    it(`refuses ${name} with MalformedCertificateError`, () => {
      expect(() => parseCertificate(make())).toThrow(MalformedCertificateError);
    });
  }

  it('refuses every single-byte truncation of a real certificate', () => {
    for (let length = 0; length < good.length; length += 97) {
      expect(() => parseCertificate(good.subarray(0, length)), `length ${length}`).toThrow(MalformedCertificateError);
    }
  });
});

describe('PEM', () => {
  it('round-trips DER through PEM and accepts either form from a file', () => {
    const der = jpki('digital signature CA (2023');
    const pem = toPem('CERTIFICATE', der);
    expect(derBlocksFromFile(encoder.encode(pem), 'CERTIFICATE')).toEqual([der]);
    expect(derBlocksFromFile(der, 'CERTIFICATE')).toEqual([der]);
    expect(derBlocksFromFile(encoder.encode(`\uFEFF\n${pem}${pem}`), 'CERTIFICATE')).toHaveLength(2);
  });

  it('refuses PEM without the wanted block or with broken base64', () => {
    expect(() => derBlocksFromFile(encoder.encode('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n'), 'CERTIFICATE')).toThrow(
      MalformedCertificateError,
    );
    expect(() => parsePem('-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----')).toThrow(MalformedCertificateError);
  });

  it('prints serials as OpenSSL does', () => {
    expect(serialToHex(new Uint8Array([0x00, 0x80, 0x01]))).toBe('8001');
    expect(serialToHex(new Uint8Array([0x00]))).toBe('00');
    expect(serialToHex(new Uint8Array([0x0a, 0xbc]))).toBe('0ABC');
  });
});
