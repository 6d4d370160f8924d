import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, serialToHex, type Certificate } from '../../src/pki/certificate.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import {
  CrlFormatError,
  CrlIngestCancelledError,
  CrlUnknownCriticalExtensionError,
  formatUtcSeconds,
  readCrl,
  reasonName,
  type CrlSummary,
} from '../../src/revocation/index.ts';
import { generateCrl } from '../support/crl-generator.ts';
import { entry, extension, reasonCode, signCrl, tbsCertList, tlv } from '../support/crl-der.ts';
import { openssl, OpenSslWorkspace, type Issued } from '../support/openssl.ts';
import { makeCrl, opensslDumpLines } from '../support/openssl-crl.ts';

const ws = new OpenSslWorkspace();
let ca: Issued;
let caCert: Certificate;

beforeAll(() => {
  ca = ws.selfSignedCa({ subject: '/C=JP/O=JPKI/OU=JPKI for user authentication' });
  caCert = parseCertificate(ca.der);
});
afterAll(() => ws.dispose());

/** Our dump lines (the CLI format) and the summary. */
async function dump(input: Uint8Array | ReadableStream<Uint8Array>): Promise<{ lines: string[]; summary: CrlSummary; invalidity: string[] }> {
  const lines: string[] = [];
  const invalidity: string[] = [];
  const summary = await readCrl(input, {
    entry(bytes, start, end, revokedAt, reason, invalidityDate) {
      lines.push(`${serialToHex(bytes.subarray(start, end))} ${formatUtcSeconds(revokedAt)} ${reasonName(reason) ?? '-'}`);
      if (!Number.isNaN(invalidityDate)) invalidity.push(formatUtcSeconds(invalidityDate));
    },
  });
  return { lines, summary, invalidity };
}

function chunked(bytes: Uint8Array, sizes: () => number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = Math.max(1, sizes());
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

const ALL_REASONS = ['unspecified', 'keyCompromise', 'CACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'removeFromCRL'];

describe('readCrl on CRLs made by openssl ca', () => {
  it('reads every entry as openssl crl -text prints it (serials, dates, reasons)', async () => {
    const crl = makeCrl(ws, ca, {
      crlNumber: '1F',
      extensions: ['authorityKeyIdentifier = keyid:always'],
      entries: [
        ...ALL_REASONS.map((reason, i) => ({ serial: (0x10 + i).toString(16), revoked: `2401${String(i + 10)}030405Z`, reason })),
        { serial: '00FF', revoked: '991231235959Z' },
        { serial: '7F', revoked: '000229000000Z', reason: 'superseded' },
        { serial: '0123456789ABCDEF0123456789ABCDEF01234567', revoked: '490101000000Z', reason: 'cessationOfOperation' },
        { serial: '80', revoked: '500101000000Z', invalidity: '20491231120000Z' },
      ],
    });
    const { lines, summary, invalidity } = await dump(crl.der);
    expect(lines).toEqual(opensslDumpLines(crl.derPath));
    expect(lines).toContain('0123456789ABCDEF0123456789ABCDEF01234567 2049-01-01T00:00:00Z cessationOfOperation');
    expect(lines).toContain('FF 1999-12-31T23:59:59Z -');
    expect(lines).toContain('80 1950-01-01T00:00:00Z keyCompromise');
    expect(invalidity).toEqual(['2049-12-31T12:00:00Z']);
    expect(summary).toMatchObject({ version: 2, entryCount: 12, crlNumber: 0x1fn, byteLength: crl.der.length, deltaBaseCrlNumber: undefined });
    expect(bytesToHex(summary.authorityKeyIdentifier ?? new Uint8Array())).toBe(bytesToHex(caCert.subjectKeyIdentifier ?? new Uint8Array(1)));
    expect(bytesToHex(summary.issuer)).toBe(bytesToHex(caCert.subject.der));
    expect(summary.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.11');
  });

  it('reads a version 1 CRL (no extensions anywhere)', async () => {
    const crl = makeCrl(ws, ca, { entries: [{ serial: '05', revoked: '240101000000Z' }, { serial: '06', revoked: '240102000000Z' }] });
    const { lines, summary } = await dump(crl.der);
    expect(summary.version).toBe(1);
    expect(summary.crlNumber).toBeUndefined();
    expect(lines).toEqual(['05 2024-01-01T00:00:00Z -', '06 2024-01-02T00:00:00Z -']);
  });

  it('reads the issuing distribution point, the delta CRL indicator and a GeneralizedTime nextUpdate', async () => {
    const crl = makeCrl(ws, ca, {
      crlNumber: '07',
      lastUpdate: '20260101000000Z',
      nextUpdate: '20510101000000Z',
      extensions: [
        'authorityKeyIdentifier = keyid:always',
        '2.5.29.27 = critical, DER:020105',
        'issuingDistributionPoint = critical, @idp',
        '[idp]',
        'fullname = URI:http://crl.example.test/auth.crl',
        'onlyuser = TRUE',
      ],
      entries: [{ serial: '01', revoked: '251231000000Z', reason: 'removeFromCRL' }],
    });
    const { summary, lines } = await dump(crl.der);
    expect(summary.deltaBaseCrlNumber).toBe(5n);
    expect(summary.crlNumber).toBe(7n);
    expect(summary.nextUpdate?.toISOString()).toBe('2051-01-01T00:00:00.000Z');
    expect(summary.thisUpdate.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(summary.issuingDistributionPoint).toMatchObject({ onlyContainsUserCerts: true, onlyContainsCACerts: false, indirectCRL: false, onlySomeReasons: false });
    expect(summary.issuingDistributionPoint?.distributionPoint?.[0]).toBe(0xa0);
    expect(lines).toEqual(opensslDumpLines(crl.derPath));
  });

  it('reads an empty CRL', async () => {
    const crl = makeCrl(ws, ca, { crlNumber: '01', extensions: ['authorityKeyIdentifier = keyid:always'], entries: [] });
    const { lines, summary } = await dump(crl.der);
    expect(lines).toEqual([]);
    expect(summary.entryCount).toBe(0);
  });
});

describe('readCrl on generated CRLs', () => {
  it('agrees with openssl on GeneralizedTime revocation dates and invalidity dates', async () => {
    const path = join(ws.dir, 'generated.crl');
    await generateCrl(path, {
      entries: 400,
      issuerName: caCert.subject.der,
      issuerKeyId: caCert.subjectKeyIdentifier ?? new Uint8Array(20),
      key: createPrivateKey(readFileSync(ca.keyPath)),
      thisUpdate: new Date('2027-06-01T00:00:00Z'),
      nextUpdate: new Date('2027-06-02T00:00:00Z'),
      generalizedTimeEvery: 3,
      serialBytes: 9,
    });
    const der = new Uint8Array(readFileSync(path));
    expect(der[der.indexOf(0x18, 200)]).toBe(0x18);
    const { lines, invalidity, summary } = await dump(der);
    expect(lines).toEqual(opensslDumpLines(path));
    expect(summary.entryCount).toBe(400);
    expect(invalidity.length).toBeGreaterThan(0);
    // openssl accepts the generator's signature.
    expect(() => openssl(['crl', '-in', path, '-inform', 'DER', '-noout', '-CAfile', ca.certPath])).not.toThrow();
  });

  it('gives the same entries and summary whatever the chunking of the stream', async () => {
    const crl = makeCrl(ws, ca, {
      crlNumber: '02',
      extensions: ['authorityKeyIdentifier = keyid:always'],
      entries: Array.from({ length: 60 }, (_, i) => ({ serial: (1000 + i * 7).toString(16), revoked: '240101000000Z', reason: ALL_REASONS[i % 7] })),
    });
    const whole = await dump(crl.der);
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 97) + 1;
    for (const sizes of [() => 1, () => 2, () => 7, () => 64, random]) {
      const streamed = await dump(chunked(crl.der, sizes));
      expect(streamed.lines).toEqual(whole.lines);
      expect(streamed.summary).toEqual(whole.summary);
    }
  });

  it('reports progress in bytes and entries, ending at the file size', async () => {
    const crl = makeCrl(ws, ca, { crlNumber: '03', entries: Array.from({ length: 30 }, (_, i) => ({ serial: (i + 1).toString(16), revoked: '240101000000Z' })) });
    const events: { bytes: number; entries: number }[] = [];
    await readCrl(chunked(crl.der, () => 100), { entry: () => undefined, progress: (p) => events.push({ ...p }) });
    expect(events.at(-1)).toEqual({ bytes: crl.der.length, entries: 30 });
    for (let i = 1; i < events.length; i++) {
      expect(events[i].bytes).toBeGreaterThanOrEqual(events[i - 1].bytes);
      expect(events[i].entries).toBeGreaterThanOrEqual(events[i - 1].entries);
    }
  });

  it('stops when the signal aborts, cancelling the stream', async () => {
    const crl = makeCrl(ws, ca, { crlNumber: '04', entries: Array.from({ length: 50 }, (_, i) => ({ serial: (i + 1).toString(16), revoked: '240101000000Z' })) });
    const controller = new AbortController();
    let cancelled = false;
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= crl.der.length) return c.close();
        c.enqueue(crl.der.slice(at, at + 50));
        at += 50;
      },
      cancel() {
        cancelled = true;
      },
    });
    const read = readCrl(stream, { entry: () => undefined, progress: (p) => (p.bytes > 300 ? controller.abort() : undefined), signal: controller.signal });
    await expect(read).rejects.toBeInstanceOf(CrlIngestCancelledError);
    expect(cancelled).toBe(true);
    expect(at).toBeLessThan(crl.der.length);
  });
});

describe('readCrl cancelled while the input stalls', () => {
  it('stops at once, not when the next chunk arrives', async () => {
    const crl = makeCrl(ws, ca, { crlNumber: '0C', entries: [{ serial: '01', revoked: '240101000000Z' }] });
    let sent = false;
    const stalled = new ReadableStream<Uint8Array>({
      pull(controller): Promise<void> {
        if (sent) return new Promise<void>(() => undefined);
        sent = true;
        controller.enqueue(crl.der.slice(0, 40));
        return Promise.resolve();
      },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(readCrl(stalled, { entry: () => undefined, signal: controller.signal })).rejects.toBeInstanceOf(CrlIngestCancelledError);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('readCrl refuses', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  async function refusal(der: Uint8Array): Promise<unknown> {
    try {
      await dump(der);
    } catch (error) {
      return error;
    }
    throw new Error('accepted');
  }

  it('an unknown critical CRL extension, naming it and where it is', async () => {
    const crl = makeCrl(ws, ca, { crlNumber: '09', extensions: ['authorityKeyIdentifier = keyid:always', '1.3.6.1.4.1.99999.1 = critical, DER:0500'], entries: [] });
    const error = await refusal(crl.der);
    expect(error).toBeInstanceOf(CrlUnknownCriticalExtensionError);
    expect(error).toMatchObject({ code: 'crl_unknown_critical_extension', oid: '1.3.6.1.4.1.99999.1', level: 'crl' });
    const offset = (error as CrlUnknownCriticalExtensionError).offset;
    expect(crl.der[offset]).toBe(0x30);
  });

  it('an unknown critical entry extension, at its offset, and accepts an unknown non-critical one', async () => {
    const bad = extension('1.3.6.1.4.1.99999.2', true, tlv(0x05));
    const tbs = tbsCertList({ issuerName: caCert.subject.der, thisUpdate: now, entries: [entry([1], now, reasonCode(1)), entry([2], now, reasonCode(4), bad)] });
    const der = signCrl(tbs, ca.keyPath);
    const error = await refusal(der);
    expect(error).toMatchObject({ code: 'crl_unknown_critical_extension', oid: '1.3.6.1.4.1.99999.2', level: 'entry' });
    const offset = (error as CrlUnknownCriticalExtensionError).offset;
    expect(bytesToHex(der.subarray(offset, offset + bad.length))).toBe(bytesToHex(bad));

    const fine = signCrl(tbsCertList({ issuerName: caCert.subject.der, thisUpdate: now, entries: [entry([2], now, extension('1.3.6.1.4.1.99999.2', false, tlv(0x05)), reasonCode(4))] }), ca.keyPath);
    expect((await dump(fine)).lines).toEqual(['02 2026-01-01T00:00:00Z superseded']);
  });

  it('the indirect-CRL certificateIssuer entry extension (critical, not supported)', async () => {
    const tbs = tbsCertList({ issuerName: caCert.subject.der, thisUpdate: now, entries: [entry([3], now, extension('2.5.29.29', true, tlv(0x30)))] });
    expect(await refusal(signCrl(tbs, ca.keyPath))).toMatchObject({ code: 'crl_unknown_critical_extension', oid: '2.5.29.29' });
  });

  it('a truncated file at every cut, with an offset inside the file', async () => {
    const crl = makeCrl(ws, ca, { crlNumber: '0A', extensions: ['authorityKeyIdentifier = keyid:always'], entries: [{ serial: '01', revoked: '240101000000Z', reason: 'superseded' }] });
    for (let cut = 0; cut < crl.der.length; cut++) {
      const error = await refusal(crl.der.subarray(0, cut));
      expect(error, `cut at ${cut}`).toBeInstanceOf(CrlFormatError);
      expect((error as CrlFormatError).offset).toBeLessThanOrEqual(cut);
    }
  });

  it('data after the CertificateList', async () => {
    const crl = makeCrl(ws, ca, { crlNumber: '0B', entries: [] });
    const error = await refusal(Uint8Array.from([...crl.der, 0]));
    expect(error).toMatchObject({ code: 'crl_malformed', offset: crl.der.length });
  });

  it('non-DER lengths, wrong times, reason code 7, a v1 CRL with entry extensions, and differing algorithms', async () => {
    const name = caCert.subject.der;
    const cases: [string, Uint8Array][] = [
      ['indefinite length', Uint8Array.from([0x30, 0x80, 0x00, 0x00])],
      ['non-minimal length', Uint8Array.from([0x30, 0x81, 0x05, 0x02, 0x01, 0x01, 0x05, 0x00])],
      ['reason 7', signCrl(tbsCertList({ issuerName: name, thisUpdate: now, entries: [entry([1], now, reasonCode(7))] }), ca.keyPath)],
      ['entry time not Z', signCrl(tbsCertList({ issuerName: name, thisUpdate: now, entries: [tlv(0x30, tlv(0x02, Uint8Array.of(1)), tlv(0x17, new TextEncoder().encode('2401010000000')))] }), ca.keyPath)],
      ['February 30', signCrl(tbsCertList({ issuerName: name, thisUpdate: now, entries: [tlv(0x30, tlv(0x02, Uint8Array.of(1)), tlv(0x17, new TextEncoder().encode('240230000000Z')))] }), ca.keyPath)],
      ['non-minimal serial', signCrl(tbsCertList({ issuerName: name, thisUpdate: now, entries: [tlv(0x30, tlv(0x02, Uint8Array.of(0, 1)), tlv(0x17, new TextEncoder().encode('240101000000Z')))] }), ca.keyPath)],
      ['duplicate reason', signCrl(tbsCertList({ issuerName: name, thisUpdate: now, entries: [entry([1], now, reasonCode(1), reasonCode(1))] }), ca.keyPath)],
      ['extension value not an OCTET STRING', signCrl(tbsCertList({ issuerName: name, thisUpdate: now, entries: [entry([1], now, tlv(0x30, tlv(0x06, Uint8Array.of(0x55, 0x1d, 0x15)), tlv(0x0a, Uint8Array.of(1))))] }), ca.keyPath)],
    ];
    for (const [what, der] of cases) expect(await refusal(der), what).toBeInstanceOf(CrlFormatError);

    const v1 = tbsCertList({ version: 1, issuerName: name, thisUpdate: now, entries: [entry([1], now, reasonCode(1))] });
    expect(await refusal(signCrl(v1, ca.keyPath))).toMatchObject({ detail: 'entry extensions in a version 1 CRL' });
    const crl = makeCrl(ws, ca, { entries: [{ serial: '01', revoked: '240101000000Z' }] });
    const mixed = Uint8Array.from(crl.der);
    // Flip the outer signatureAlgorithm from sha256WithRSA (…01 0B) to sha384WithRSA (…01 0C).
    const outerAlg = mixed.lastIndexOf(0x0b, mixed.length - 260);
    mixed[outerAlg] = 0x0c;
    expect(await refusal(mixed)).toMatchObject({ detail: 'signatureAlgorithm differs from the tbsCertList signature field' });
  });

  it('an entry larger than the limit, in bounded work', async () => {
    const big = entry([1], now, extension('1.3.6.1.4.1.99999.3', false, new Uint8Array(40_000)));
    const der = signCrl(tbsCertList({ issuerName: caCert.subject.der, thisUpdate: now, entries: [big] }), ca.keyPath);
    const error = await readCrl(der, { entry: () => undefined, limits: { maxEntryBytes: 16 * 1024 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'crl_malformed' });
    expect((error as CrlFormatError).detail).toMatch(/larger than 16384 bytes/);
  });
});
