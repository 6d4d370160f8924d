import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, type Certificate } from '../../src/pki/certificate.ts';
import { parsePem } from '../../src/pki/pem.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { JPKI_CA_CERTIFICATES } from '../../src/pki/trust/jpki.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import {
  CrlIngestCancelledError,
  CrlRollbackError,
  CrlSignatureError,
  CrlUnknownCriticalExtensionError,
  CrlUnsupportedError,
  DeltaCrlMismatchError,
  findInShard,
  ingestCrl,
  MemoryIndexStore,
  shardOf,
  type RevocationIndex,
} from '../../src/revocation/index.ts';
import { OpenSslWorkspace, type Issued } from '../support/openssl.ts';
import { makeCrl, type RevokedSpec } from '../support/openssl-crl.ts';

// The real JPKI user-authentication CA DN: the 2015 and 2023 generations share it, and so do
// the two generations made here, whose keys we hold.
const JPKI_AUTH_DN = '/C=JP/O=JPKI/OU=JPKI for user authentication/OU=Japan Agency for Local Authority Information Systems';
const ws = new OpenSslWorkspace();
let genA: Issued;
let genB: Issued;
let realJpki: Certificate[];
let store: TrustStore;

beforeAll(() => {
  genA = ws.selfSignedCa({ subject: JPKI_AUTH_DN, serial: '10' });
  genB = ws.selfSignedCa({ subject: JPKI_AUTH_DN, serial: '11' });
  realJpki = JPKI_CA_CERTIFICATES.filter((c) => c.kind === 'user-authentication').map((c) => parseCertificate(parsePem(c.pem)[0].der));
  store = new TrustStore([...realJpki, parseCertificate(genA.der), parseCertificate(genB.der)]);
});
afterAll(() => ws.dispose());

const AKI = ['authorityKeyIdentifier = keyid:always'];

function lookup(index: RevocationIndex, serialHex: string): ReturnType<typeof findInShard> {
  const serial = Uint8Array.from(serialHex.match(/../g) ?? [], (h) => parseInt(h, 16));
  return findInShard(index.shards[shardOf(index.manifest, serial)], serial);
}

describe('ingestCrl against a trust store of CA generations sharing one DN', () => {
  it('chooses the generation by authority key identifier and files the index under its key id', async () => {
    expect(realJpki.every((c) => c.subject.text === parseCertificate(genB.der).subject.text)).toBe(true);
    const crl = makeCrl(ws, genB, { crlNumber: '10', extensions: AKI, entries: [{ serial: '1234', revoked: '250101000000Z', reason: 'affiliationChanged' }] });
    const result = await ingestCrl(crl.der, { trustStore: store });
    expect(result.issuer.serialHex).toBe('0B');
    expect(bytesToHex(result.index.manifest.issuerKeyId)).toBe(bytesToHex(parseCertificate(genB.der).subjectKeyIdentifier ?? new Uint8Array()));
    expect(result.index.manifest).toMatchObject({ crlNumber: 16n, baseCrlNumber: 16n, entryCount: 1 });
    expect(lookup(result.index, '1234')).toMatchObject({ reasonCode: 3 });
  });

  it('finds the generation by its signature when the CRL has no authority key identifier', async () => {
    const crl = makeCrl(ws, genA, { crlNumber: '02', entries: [{ serial: '01', revoked: '250101000000Z' }] });
    const result = await ingestCrl(crl.der, { trustStore: store });
    expect(result.issuer.serialHex).toBe('0A');
  });

  it('refuses a CRL from a CA with the same DN that is not trusted (only the real JPKI CAs)', async () => {
    const crl = makeCrl(ws, genB, { crlNumber: '03', extensions: AKI, entries: [] });
    const error = await ingestCrl(crl.der, { trustStore: new TrustStore(realJpki) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrlSignatureError);
    expect((error as CrlSignatureError).detail).toMatch(/2 trusted CA/);
  });

  it('refuses a tampered CRL', async () => {
    const crl = makeCrl(ws, genB, { crlNumber: '04', extensions: AKI, entries: [{ serial: '42', revoked: '250101000000Z', reason: 'keyCompromise' }] });
    const tampered = Uint8Array.from(crl.der);
    const serialAt = tampered.findIndex((b, i) => b === 0x02 && tampered[i + 1] === 1 && tampered[i + 2] === 0x42);
    tampered[serialAt + 2] = 0x43;
    await expect(ingestCrl(tampered, { trustStore: store })).rejects.toBeInstanceOf(CrlSignatureError);
  });

  it('refuses at the header a CRL whose issuer is not in the trust store', async () => {
    const other = ws.selfSignedCa({ subject: '/C=JP/O=Somewhere else' });
    const crl = makeCrl(ws, other, { crlNumber: '01', entries: [] });
    await expect(ingestCrl(crl.der, { trustStore: store })).rejects.toThrow(/no trusted CA is named/);
  });

  it('refuses a CRL signed by a CA that may not sign CRLs', async () => {
    const noCrlSign = ws.selfSignedCa({
      subject: '/C=JP/O=No CRL signing',
      extensions: ['basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign', 'subjectKeyIdentifier = hash'],
    });
    const crl = makeCrl(ws, noCrlSign, { crlNumber: '01', entries: [] });
    await expect(ingestCrl(crl.der, { trustStore: new TrustStore([parseCertificate(noCrlSign.der)]) })).rejects.toThrow(/cRLSign/);
  });

  it('refuses unknown critical extensions and scopes it cannot answer for', async () => {
    const critical = makeCrl(ws, genB, { crlNumber: '05', extensions: [...AKI, '1.2.392.99999.1 = critical, DER:0500'], entries: [] });
    await expect(ingestCrl(critical.der, { trustStore: store })).rejects.toBeInstanceOf(CrlUnknownCriticalExtensionError);
    for (const idp of [['onlysomereasons = keyCompromise'], ['indirectCRL = TRUE'], ['onlyAA = TRUE']]) {
      const crl = makeCrl(ws, genB, { crlNumber: '06', extensions: [...AKI, 'issuingDistributionPoint = critical, @idp', '[idp]', 'fullname = URI:http://x.test/c.crl', ...idp], entries: [] });
      await expect(ingestCrl(crl.der, { trustStore: store }), idp[0]).rejects.toBeInstanceOf(CrlUnsupportedError);
    }
  });

  it('refuses a complete CRL older than the one held, and accepts the same or a newer one', async () => {
    const held = new MemoryIndexStore();
    const entries: RevokedSpec[] = [{ serial: '01', revoked: '250101000000Z' }];
    held.put((await ingestCrl(makeCrl(ws, genB, { crlNumber: '20', extensions: AKI, entries }).der, { trustStore: store })).index);
    await expect(ingestCrl(makeCrl(ws, genB, { crlNumber: '1F', extensions: AKI, entries }).der, { trustStore: store, current: held })).rejects.toBeInstanceOf(CrlRollbackError);
    await expect(ingestCrl(makeCrl(ws, genB, { crlNumber: '21', extensions: AKI, entries }).der, { trustStore: store, current: held })).resolves.toMatchObject({ delta: false });
  });

  it('applies a delta CRL to the held index (hold released, hold made permanent, new revocation)', async () => {
    const held = new MemoryIndexStore();
    const base = makeCrl(ws, genB, {
      crlNumber: '30',
      extensions: AKI,
      entries: [
        { serial: '0100', revoked: '250101000000Z', reason: 'certificateHold' },
        { serial: '0200', revoked: '250101000000Z', reason: 'certificateHold' },
        { serial: '0300', revoked: '250101000000Z', reason: 'superseded' },
        { serial: '0400', revoked: '250101000000Z', reason: 'removeFromCRL' },
      ],
    });
    const full = await ingestCrl(base.der, { trustStore: store });
    expect(full.dropped).toBe(1);
    held.put(full.index);
    const delta = makeCrl(ws, genB, {
      crlNumber: '31',
      extensions: [...AKI, '2.5.29.27 = critical, DER:020130'],
      entries: [
        { serial: '0100', revoked: '250201000000Z', reason: 'removeFromCRL' },
        { serial: '0200', revoked: '250201000000Z', reason: 'keyCompromise' },
        { serial: '0500', revoked: '250201000000Z', reason: 'cessationOfOperation' },
      ],
    });
    const merged = await ingestCrl(delta.der, { trustStore: store, current: held });
    expect(merged.delta).toBe(true);
    expect(merged.index.manifest).toMatchObject({ crlNumber: 0x31n, baseCrlNumber: 0x30n, entryCount: 3 });
    expect(lookup(merged.index, '0100')).toBeUndefined();
    expect(lookup(merged.index, '0200')).toMatchObject({ reasonCode: 1 });
    expect(lookup(merged.index, '0300')).toMatchObject({ reasonCode: 4 });
    expect(lookup(merged.index, '0500')).toMatchObject({ reasonCode: 5 });

    await expect(ingestCrl(delta.der, { trustStore: store })).rejects.toBeInstanceOf(DeltaCrlMismatchError);
    const tooNew = makeCrl(ws, genB, { crlNumber: '41', extensions: [...AKI, '2.5.29.27 = critical, DER:020140'], entries: [] });
    await expect(ingestCrl(tooNew.der, { trustStore: store, current: held })).rejects.toThrow(/complete list number 64/);
  });

  it('reports progress and stops on cancellation', async () => {
    const crl = makeCrl(ws, genB, { crlNumber: '50', extensions: AKI, entries: Array.from({ length: 40 }, (_, i) => ({ serial: (256 + i).toString(16), revoked: '250101000000Z' })) });
    const progress: number[] = [];
    await ingestCrl(crl.der, { trustStore: store, progress: (p) => progress.push(p.entries) });
    expect(progress.at(-1)).toBe(40);
    const controller = new AbortController();
    controller.abort();
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(crl.der) });
    await expect(ingestCrl(stream, { trustStore: store, signal: controller.signal })).rejects.toBeInstanceOf(CrlIngestCancelledError);
  });
});
