import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, type Certificate } from '../../src/pki/certificate.ts';
import { verifyIssuedByTrustStore } from '../../src/pki/chain.ts';
import { parsePem } from '../../src/pki/pem.ts';
import { verifySignature } from '../../src/pki/signature.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { JPKI_CA_CERTIFICATES } from '../../src/pki/trust/jpki.ts';
import { OpenSslWorkspace, type Issued } from '../support/openssl.ts';

// The JPKI pattern: several CA generations with one DN, told apart by key identifier.
const CA_DN = '/C=JP/O=JPKI/OU=JPKI for user authentication/OU=Japan Agency for Local Authority Information Systems';
const ws = new OpenSslWorkspace();
let genA: Issued;
let genB: Issued;
let store: TrustStore;
// Certificates are made during the run, so "now" is taken after they exist.
const now = (): Date => new Date(Date.now() + 60_000);

beforeAll(() => {
  genA = ws.selfSignedCa({ subject: CA_DN, serial: '1' });
  genB = ws.selfSignedCa({ subject: CA_DN, serial: '2' });
  store = new TrustStore([parseCertificate(genA.der), parseCertificate(genB.der)]);
});
afterAll(() => ws.dispose());

function leafOf(issuer: Issued, extensions?: string[], days?: number): Certificate {
  return parseCertificate(ws.issue(issuer, { subject: '/CN=1C2410DF79DGEL07202002B', extensions, days }).der);
}

describe('verifyIssuedByTrustStore', () => {
  it('finds the right generation by authority key identifier', async () => {
    const result = await verifyIssuedByTrustStore(leafOf(genB), store, now());
    expect(result.trusted).toBe(true);
    if (result.trusted) expect(result.issuer.serialHex).toBe('02');
    const candidates = store.issuerCandidates(leafOf(genB).issuer, leafOf(genB).authorityKeyIdentifier);
    expect(candidates.map((c) => c.serialHex)).toEqual(['02', '01']);
  });

  it('finds the issuer by trying signatures when there is no key identifier', async () => {
    const leaf = leafOf(genA, ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'authorityKeyIdentifier = none', 'subjectKeyIdentifier = none']);
    expect(leaf.authorityKeyIdentifier).toBeUndefined();
    const result = await verifyIssuedByTrustStore(leaf, store, now());
    expect(result.trusted && result.issuer.serialHex).toBe('01');
  });

  it('refuses a certificate from an impostor CA with the same DN', async () => {
    const impostor = ws.selfSignedCa({ subject: CA_DN, serial: '3' });
    expect(await verifyIssuedByTrustStore(leafOf(impostor), store, now())).toMatchObject({ trusted: false, problem: 'bad-signature' });
  });

  it('refuses a certificate whose issuer DN is unknown', async () => {
    const other = ws.selfSignedCa({ subject: '/C=JP/O=Elsewhere' });
    expect(await verifyIssuedByTrustStore(leafOf(other), store, now())).toMatchObject({ trusted: false, problem: 'no-issuer' });
  });

  it('refuses an issuer that may not sign certificates', async () => {
    const crlOnly = ws.selfSignedCa({
      subject: '/C=JP/O=CRL signer',
      extensions: ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, cRLSign', 'subjectKeyIdentifier = hash'],
    });
    const narrowStore = new TrustStore([parseCertificate(crlOnly.der)]);
    expect(await verifyIssuedByTrustStore(leafOf(crlOnly), narrowStore, now())).toMatchObject({ trusted: false, problem: 'issuer-not-ca' });
  });

  it('refuses when the issuing CA is not valid at the time asked', async () => {
    const shortLived = ws.selfSignedCa({ subject: '/C=JP/O=Short', days: 2 });
    const shortStore = new TrustStore([parseCertificate(shortLived.der)]);
    const leaf = leafOf(shortLived, undefined, 1);
    expect((await verifyIssuedByTrustStore(leaf, shortStore, now())).trusted).toBe(true);
    const later = new Date(Date.now() + 10 * 86_400_000);
    expect(await verifyIssuedByTrustStore(leaf, shortStore, later)).toMatchObject({ trusted: false, problem: 'issuer-not-valid' });
  });

  it('refuses a certificate with a critical extension it cannot process', async () => {
    const leaf = leafOf(genA, ['keyUsage = critical, digitalSignature', 'subjectAltName = critical, DNS:x.example', 'authorityKeyIdentifier = keyid:always']);
    expect(await verifyIssuedByTrustStore(leaf, store, now())).toMatchObject({ trusted: false, problem: 'unhandled-critical-extension' });
  });
});

describe('the real JPKI trust anchors', () => {
  const anchors = JPKI_CA_CERTIFICATES.map((c) => parseCertificate(parsePem(c.pem)[0]?.der ?? new Uint8Array()));
  const jpki = new TrustStore(anchors);

  it('are self-signed: each root signature verifies under its own key only', async () => {
    for (const anchor of anchors) {
      const signed = { algorithm: anchor.signatureAlgorithm, data: anchor.tbs, signature: anchor.signatureValue };
      expect(await verifySignature({ ...signed, publicKey: anchor.subjectPublicKeyInfo })).toBe(true);
      const sibling = anchors.find((a) => a !== anchor && a.subject.text === anchor.subject.text);
      if (!sibling) throw new Error('each JPKI CA DN has two generations here');
      expect(await verifySignature({ ...signed, publicKey: sibling.subjectPublicKeyInfo })).toBe(false);
    }
  });

  it('are valid CAs today for the 2023 generation and expired for 2015', async () => {
    const today = new Date('2026-11-22T00:00:00Z');
    const results = await Promise.all(anchors.map((a) => verifyIssuedByTrustStore(a, jpki, today)));
    expect(results.every((r) => r.trusted)).toBe(true);
    const expired = anchors.filter((a) => a.notAfter < today).map((a) => a.serialHex);
    expect(expired).toEqual(['01', '01']);
  });

  it('gives two candidates per CA DN, one per generation', () => {
    const [auth2015] = anchors;
    if (!auth2015) throw new Error('missing anchor');
    expect(jpki.issuerCandidates(auth2015.subject)).toHaveLength(2);
  });
});
