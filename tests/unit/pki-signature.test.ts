import { afterAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { UnsupportedAlgorithmError } from '../../src/pki/errors.ts';
import { ecdsaDerToRaw, verifySignature } from '../../src/pki/signature.ts';
import { OpenSslWorkspace, type KeySpec } from '../support/openssl.ts';

const ws = new OpenSslWorkspace();
afterAll(() => ws.dispose());

function signedBy(caKey: KeySpec, digest: string, sigopts: string[] = []) {
  const ca = ws.selfSignedCa({ subject: `/CN=${caKey}-${digest}`, key: caKey, digest });
  const leaf = ws.issue(ca, { subject: '/CN=leaf', key: 'ec-p256', digest, sigopts });
  return { ca: parseCertificate(ca.der), leaf: parseCertificate(leaf.der) };
}

const algorithms: [string, KeySpec, string, string[]][] = [
  ['RSA PKCS#1 v1.5 SHA-256', 'rsa2048', 'sha256', []],
  ['RSA PKCS#1 v1.5 SHA-384', 'rsa2048', 'sha384', []],
  ['RSA PKCS#1 v1.5 SHA-512', 'rsa3072', 'sha512', []],
  ['RSA-PSS SHA-256', 'rsa2048', 'sha256', ['rsa_padding_mode:pss', 'rsa_pss_saltlen:32', 'rsa_mgf1_md:sha256']],
  ['RSA-PSS SHA-384', 'rsa2048', 'sha384', ['rsa_padding_mode:pss', 'rsa_pss_saltlen:48', 'rsa_mgf1_md:sha384']],
  ['ECDSA P-256 SHA-256', 'ec-p256', 'sha256', []],
  ['ECDSA P-384 SHA-384', 'ec-p384', 'sha384', []],
];

describe('verifySignature', () => {
  for (const [name, key, digest, sigopts] of algorithms) {
    it(`verifies ${name} made by OpenSSL, and rejects a changed byte`, async () => {
      const { ca, leaf } = signedBy(key, digest, sigopts);
      const signed = { algorithm: leaf.signatureAlgorithm, publicKey: ca.subjectPublicKeyInfo, data: leaf.tbs, signature: leaf.signatureValue };
      expect(await verifySignature(signed)).toBe(true);
      const tampered = new Uint8Array(leaf.tbs);
      tampered[tampered.length - 40] ^= 0x01;
      expect(await verifySignature({ ...signed, data: tampered })).toBe(false);
      const otherKey = signedBy(key, digest, sigopts).ca.subjectPublicKeyInfo;
      expect(await verifySignature({ ...signed, publicKey: otherKey })).toBe(false);
    });
  }

  it('answers false for a key of another type than the algorithm', async () => {
    const { ca, leaf } = signedBy('rsa2048', 'sha256');
    const ecKey = signedBy('ec-p256', 'sha256').ca.subjectPublicKeyInfo;
    expect(await verifySignature({ algorithm: leaf.signatureAlgorithm, publicKey: ecKey, data: leaf.tbs, signature: leaf.signatureValue })).toBe(false);
    expect(ca.publicKeyAlgorithm.oid).toBe('1.2.840.113549.1.1.1');
  });

  it('refuses SHA-1 signatures as unsupported', async () => {
    const { ca, leaf } = signedBy('rsa2048', 'sha1');
    await expect(
      verifySignature({ algorithm: leaf.signatureAlgorithm, publicKey: ca.subjectPublicKeyInfo, data: leaf.tbs, signature: leaf.signatureValue }),
    ).rejects.toThrow(UnsupportedAlgorithmError);
  });
});

describe('ecdsaDerToRaw', () => {
  it('left-pads short integers and strips sign bytes', () => {
    // SEQUENCE { INTEGER 0x00ff (sign byte), INTEGER 0x01 }
    const raw = ecdsaDerToRaw(new Uint8Array([0x30, 0x07, 0x02, 0x02, 0x00, 0xff, 0x02, 0x01, 0x01]), 4);
    expect(raw).toEqual(new Uint8Array([0, 0, 0, 0xff, 0, 0, 0, 1]));
  });

  it('refuses integers longer than the curve and non-sequences', () => {
    expect(ecdsaDerToRaw(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]), 0)).toBeUndefined();
    expect(ecdsaDerToRaw(new Uint8Array([0x04, 0x00]), 32)).toBeUndefined();
  });
});
