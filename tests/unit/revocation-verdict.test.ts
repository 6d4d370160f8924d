import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, type Certificate } from '../../src/pki/certificate.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import {
  CachingIndexReader,
  createRevocationChecker,
  decodeManifest,
  decodeShard,
  encodeManifest,
  encodeShard,
  ingestCrl,
  MemoryIndexStore,
  type RevocationChecker,
  type RevocationIndexReader,
} from '../../src/revocation/index.ts';
import { OpenSslWorkspace, type Issued } from '../support/openssl.ts';
import { makeCrl } from '../support/openssl-crl.ts';

const DN = '/C=JP/O=JPKI/OU=JPKI for user authentication/OU=Japan Agency for Local Authority Information Systems';
const LEAF_EXTENSIONS = ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'authorityKeyIdentifier = keyid:always'];
const ws = new OpenSslWorkspace();
let genA: Issued;
let genB: Issued;
let store: TrustStore;
const leaves: Record<string, Certificate> = {};
let checker: RevocationChecker;
let reads = 0;
// openssl ca stamps the CRL with the current time; the verdicts are asked a minute later.
const soon = (): Date => new Date(Date.now() + 60_000);
const inYears = (years: number): string => {
  const d = new Date(Date.now() + years * 365 * 86_400_000);
  return d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
};

/** The index as it would come back from storage: encoded and decoded, counting shard reads. */
function throughBinary(memory: MemoryIndexStore): RevocationIndexReader {
  return {
    async manifest(keyId) {
      const m = await memory.manifest(keyId);
      return m && decodeManifest(encodeManifest(m));
    },
    async shard(manifest, index) {
      reads++;
      const info = manifest.shards[index];
      if (!info) throw new RangeError(`no shard ${index}`);
      return decodeShard(encodeShard(await memory.shard(manifest, index)), { index, ...info });
    },
  };
}

beforeAll(async () => {
  genA = ws.selfSignedCa({ subject: DN, serial: '1' });
  genB = ws.selfSignedCa({ subject: DN, serial: '2' });
  store = new TrustStore([parseCertificate(genA.der), parseCertificate(genB.der)]);
  const issue = (name: string, issuer: Issued, serial: string, options: { extensions?: string[]; days?: number } = {}): void => {
    leaves[name] = parseCertificate(ws.issue(issuer, { subject: `/CN=${name}`, serial, extensions: options.extensions ?? LEAF_EXTENSIONS, days: options.days }).der);
  };
  issue('valid', genB, '0x1001');
  issue('lost', genB, '0x1002');
  issue('moved', genB, '0x1003');
  issue('later', genB, '0x1004');
  issue('noReason', genB, '0x1005');
  issue('fromA', genA, '0x1001');
  issue('encipherOnly', genB, '0x1006', { extensions: ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, keyEncipherment', 'authorityKeyIdentifier = keyid:always'] });
  issue('shortLived', genB, '0x1007', { days: 1 });
  const impostor = ws.selfSignedCa({ subject: DN, serial: '3' });
  leaves.impostor = parseCertificate(ws.issue(impostor, { subject: '/CN=impostor', serial: '0x1001', extensions: LEAF_EXTENSIONS }).der);

  const crl = makeCrl(ws, genB, {
    crlNumber: '64',
    extensions: ['authorityKeyIdentifier = keyid:always'],
    nextUpdate: inYears(0.01),
    entries: [
      { serial: '1002', revoked: '250101000000Z', reason: 'certificateHold' },
      { serial: '1003', revoked: '250102000000Z', reason: 'affiliationChanged' },
      { serial: '1004', revoked: inYears(0.005), reason: 'superseded' },
      { serial: '1005', revoked: '250103000000Z' },
    ],
  });
  const memory = new MemoryIndexStore();
  memory.put((await ingestCrl(crl.der, { trustStore: store })).index);
  checker = createRevocationChecker({ trustStore: store, indexes: new CachingIndexReader(throughBinary(memory)) });
});
afterAll(() => ws.dispose());

describe('validate(certificate, at)', () => {
  it('is valid for a certificate not on the list, with the list and its age', async () => {
    const at = soon();
    const verdict = await checker.validate(leaves.valid, at);
    expect(verdict).toMatchObject({ status: 'valid', laterRevocation: undefined, crl: { crlNumber: '100' } });
    if (verdict.status !== 'valid') throw new Error(verdict.status);
    expect(verdict.crl.ageSeconds).toBe(Math.round((at.getTime() - verdict.crl.thisUpdate.getTime()) / 1000));
    expect(verdict.crl.ageSeconds).toBeGreaterThanOrEqual(59);
  });

  it('is revoked with reason, date and what it means for the holder (DOMAIN.md table)', async () => {
    expect(await checker.validate(leaves.moved, soon())).toMatchObject({
      status: 'revoked',
      reason: 'affiliationChanged',
      revokedAt: new Date('2025-01-02T00:00:00Z'),
      meaning: { ja: '死亡または国外転出', en: 'the holder died or moved abroad' },
    });
    expect(await checker.validate(leaves.lost, soon())).toMatchObject({ status: 'revoked', reason: 'certificateHold', meaning: { en: 'the card was reported lost (temporarily suspended)' } });
    expect(await checker.validate(leaves.noReason, soon())).toMatchObject({ status: 'revoked', reason: undefined, meaning: { en: expect.stringMatching(/no reason given/) } });
  });

  it('is valid at a time before the revocation, and says a revocation follows', async () => {
    const before = await checker.validate(leaves.moved, new Date('2025-01-01T23:59:59Z'));
    expect(before.status).toBe('invalid'); // the certificate did not exist yet
    const later = await checker.validate(leaves.later, soon());
    expect(later).toMatchObject({ status: 'valid', laterRevocation: { reason: 'superseded', meaning: { en: 'the certificate was renewed (a newer one exists)' } } });
    const after = await checker.validate(leaves.later, new Date(Date.now() + 0.006 * 365 * 86_400_000));
    expect(after).toMatchObject({ status: 'revoked', reason: 'superseded' });
  });

  it('is unknown without a list for the issuer generation, and when the list is stale', async () => {
    expect(await checker.validate(leaves.fromA, soon())).toMatchObject({ status: 'unknown', cause: 'no-crl' });
    const stale = await checker.validate(leaves.valid, new Date(Date.now() + 0.02 * 365 * 86_400_000));
    expect(stale).toMatchObject({ status: 'unknown', cause: 'stale' });
    if (stale.status === 'unknown' && stale.cause === 'stale') expect(stale.staleSince).toEqual(stale.crl.nextUpdate);
    // A revocation does not lapse with the list.
    expect(await checker.validate(leaves.moved, new Date(Date.now() + 0.02 * 365 * 86_400_000))).toMatchObject({ status: 'revoked' });
  });

  it('is invalid when malformed, expired, not yet valid, untrusted or for the wrong use', async () => {
    expect(await checker.validate(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01), soon())).toMatchObject({ status: 'invalid', cause: 'malformed' });
    expect(await checker.validate(leaves.shortLived.der, new Date(Date.now() + 3 * 86_400_000))).toMatchObject({ status: 'invalid', cause: 'expired' });
    expect(await checker.validate(leaves.valid, new Date(Date.now() - 86_400_000))).toMatchObject({ status: 'invalid', cause: 'not-yet-valid' });
    expect(await checker.validate(leaves.impostor, soon())).toMatchObject({ status: 'invalid', cause: 'untrusted-chain', detail: expect.stringMatching(/bad-signature/) });
    expect(await checker.validate(leaves.encipherOnly, soon())).toMatchObject({ status: 'invalid', cause: 'wrong-key-usage' });
  });

  it('reads one shard per lookup and keeps it for the next', async () => {
    const start = reads;
    await checker.validate(leaves.valid, soon());
    await checker.validate(leaves.valid, soon());
    expect(reads - start).toBeLessThanOrEqual(1);
  });

  it('is unknown for an end-entity certificate when the only list covers CA certificates', async () => {
    const crl = makeCrl(ws, genA, {
      crlNumber: '01',
      extensions: ['authorityKeyIdentifier = keyid:always', 'issuingDistributionPoint = critical, @idp', '[idp]', 'fullname = URI:http://x.test/ca.crl', 'onlyCA = TRUE'],
      entries: [],
    });
    const memory = new MemoryIndexStore();
    memory.put((await ingestCrl(crl.der, { trustStore: store })).index);
    const caOnly = createRevocationChecker({ trustStore: store, indexes: memory });
    expect(await caOnly.validate(leaves.fromA, soon())).toMatchObject({ status: 'unknown', cause: 'no-crl' });
  });
});
