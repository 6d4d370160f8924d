import { afterAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { UnsupportedAlgorithmError } from '../../src/pki/errors.ts';
import { createHash } from 'node:crypto';
import { hashForAlgorithm, nobleHashFactory, readCrl, verifyDigestSignature, wasmHashFactory, type CrlSummary, type HashName } from '../../src/revocation/index.ts';
import { OpenSslWorkspace, type KeySpec } from '../support/openssl.ts';
import { makeCrl } from '../support/openssl-crl.ts';

const ws = new OpenSslWorkspace();
afterAll(() => ws.dispose());

const others = new Map<KeySpec, Uint8Array<ArrayBuffer>>();
function otherKey(spec: KeySpec): Uint8Array<ArrayBuffer> {
  let key = others.get(spec);
  if (!key) {
    key = parseCertificate(ws.selfSignedCa({ subject: '/CN=other', key: spec }).der).subjectPublicKeyInfo;
    others.set(spec, key);
  }
  return key;
}

async function hashed(der: Uint8Array): Promise<CrlSummary> {
  return readCrl(der, { header: (h) => nobleHashFactory(hashForAlgorithm(h.signatureAlgorithm)), entry: () => undefined });
}

const cases: { key: KeySpec; digest: string; sigopts?: string[]; oid: string }[] = [
  { key: 'rsa2048', digest: 'sha256', oid: '1.2.840.113549.1.1.11' },
  { key: 'rsa2048', digest: 'sha384', oid: '1.2.840.113549.1.1.12' },
  { key: 'rsa2048', digest: 'sha512', oid: '1.2.840.113549.1.1.13' },
  { key: 'rsa2048', digest: 'sha256', sigopts: ['rsa_padding_mode:pss', 'rsa_pss_saltlen:32', 'rsa_mgf1_md:sha256'], oid: '1.2.840.113549.1.1.10' },
  { key: 'rsa3072', digest: 'sha384', sigopts: ['rsa_padding_mode:pss', 'rsa_pss_saltlen:20', 'rsa_mgf1_md:sha384'], oid: '1.2.840.113549.1.1.10' },
  { key: 'ec-p256', digest: 'sha256', oid: '1.2.840.10045.4.3.2' },
  { key: 'ec-p384', digest: 'sha384', oid: '1.2.840.10045.4.3.3' },
  { key: 'ec-p384', digest: 'sha256', oid: '1.2.840.10045.4.3.2' },
];

describe('verifyDigestSignature on CRLs signed by openssl', () => {
  for (const c of cases) {
    it(`${c.key} ${c.digest}${c.sigopts ? ' PSS' : ''}: verifies, and refuses a changed digest, signature or key`, async () => {
      const ca = ws.selfSignedCa({ subject: `/CN=${c.key} ${c.digest}`, key: c.key });
      const crl = makeCrl(ws, ca, {
        crlNumber: '01',
        digest: c.digest,
        sigopts: c.sigopts,
        entries: [{ serial: '01', revoked: '240101000000Z', reason: 'keyCompromise' }],
      });
      const summary = await hashed(crl.der);
      expect(summary.signatureAlgorithm.oid).toBe(c.oid);
      const publicKey = parseCertificate(ca.der).subjectPublicKeyInfo;
      const signed = { algorithm: summary.signatureAlgorithm, publicKey, digest: summary.tbsDigest ?? new Uint8Array(), signature: summary.signatureValue };
      expect(verifyDigestSignature(signed)).toBe(true);

      const digest = Uint8Array.from(signed.digest);
      digest[0] ^= 1;
      expect(verifyDigestSignature({ ...signed, digest })).toBe(false);
      const signature = Uint8Array.from(signed.signature);
      signature[signature.length - 5] ^= 0x40;
      expect(verifyDigestSignature({ ...signed, signature })).toBe(false);
      const other = otherKey(c.key === 'rsa3072' ? 'rsa2048' : c.key);
      expect(verifyDigestSignature({ ...signed, publicKey: other })).toBe(false);
    });
  }

  it('refuses a key of the wrong type for the algorithm, and SHA-1 as an algorithm', async () => {
    const rsa = ws.selfSignedCa({ subject: '/CN=rsa' });
    const summary = await hashed(makeCrl(ws, rsa, { crlNumber: '01', entries: [] }).der);
    const ec = parseCertificate(ws.selfSignedCa({ subject: '/CN=ec', key: 'ec-p256' }).der).subjectPublicKeyInfo;
    expect(verifyDigestSignature({ algorithm: summary.signatureAlgorithm, publicKey: ec, digest: summary.tbsDigest ?? new Uint8Array(), signature: summary.signatureValue })).toBe(false);
    expect(() => hashForAlgorithm({ oid: '1.2.840.113549.1.1.5', parameters: undefined })).toThrow(UnsupportedAlgorithmError);
  });
});

describe('the incremental hashes', () => {
  it('agree with node:crypto, fed in uneven pieces (hash-wasm and @noble/hashes)', async () => {
    const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) & 0xff);
    for (const name of ['SHA-256', 'SHA-384', 'SHA-512'] as HashName[]) {
      const expected = createHash(name.replace('-', '').toLowerCase()).update(data).digest('hex');
      for (const factory of [wasmHashFactory, nobleHashFactory]) {
        const hash = await factory(name);
        for (let at = 0, step = 1; at < data.length; at += step, step = (step * 3) % 70_001 + 1) hash.update(data.subarray(at, at + step));
        expect(Buffer.from(await hash.digest()).toString('hex'), name).toBe(expected);
      }
    }
  });
});
