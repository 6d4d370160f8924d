/**
 * What `shelterkey crl dump|verify|index` do: read, verify and index CRL files with the same
 * engine the devices use (src/revocation), streaming, so million-entry lists fit in bounded
 * memory. Loaded only when a crl command runs.
 */
import { readFile } from 'node:fs/promises';
import { serialToHex } from '../../src/pki/certificate.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import {
  formatUtcSeconds,
  hashForAlgorithm,
  ingestCrl,
  readCrl,
  reasonName,
  selectCrlIssuer,
  type CrlSummary,
} from '../../src/revocation/index.ts';
import { nodeHashFactory, openCrlFile } from './crl-input.ts';
import { IndexFolder } from './index-files.ts';
import { UsageError, type CliIo } from '../cli/command.ts';

/** Output is gathered into blocks of about this size before it is written. */
const OUTPUT_BLOCK = 256 * 1024;

async function withCrl<T>(path: string, use: (input: Awaited<ReturnType<typeof openCrlFile>>['input']) => Promise<T>): Promise<T> {
  const file = await openCrlFile(path);
  try {
    return await use(file.input);
  } finally {
    await file.close();
  }
}

async function trustStoreFrom(paths: readonly string[] | undefined): Promise<TrustStore> {
  if (!paths || paths.length === 0) throw new UsageError('at least one --ca is required');
  return TrustStore.fromFiles(await Promise.all(paths.map(async (p) => new Uint8Array(await readFile(p)))));
}

function describe(crl: CrlSummary): string {
  const number = crl.crlNumber === undefined ? '-' : crl.crlNumber.toString();
  const next = crl.nextUpdate ? formatUtcSeconds(crl.nextUpdate.getTime()) : '-';
  const kind = crl.deltaBaseCrlNumber === undefined ? '' : ` delta-of ${crl.deltaBaseCrlNumber}`;
  return `number ${number}${kind}, thisUpdate ${formatUtcSeconds(crl.thisUpdate.getTime())}, nextUpdate ${next}, ${crl.entryCount} entries`;
}

export async function dump(path: string, io: CliIo): Promise<number> {
  let block = '';
  await withCrl(path, (input) =>
    readCrl(input, {
      entry(bytes, serialStart, serialEnd, revokedAt, reason) {
        block += `${serialToHex(bytes.subarray(serialStart, serialEnd))} ${formatUtcSeconds(revokedAt)} ${reasonName(reason) ?? '-'}\n`;
        if (block.length >= OUTPUT_BLOCK) {
          io.stdout(block);
          block = '';
        }
      },
    }),
  );
  io.stdout(block);
  return 0;
}

export async function verify(path: string, cas: string[] | undefined, io: CliIo): Promise<number> {
  const store = await trustStoreFrom(cas);
  const crl = await withCrl(path, (input) =>
    readCrl(input, { header: (h) => nodeHashFactory(hashForAlgorithm(h.signatureAlgorithm)), entry: () => undefined }),
  );
  const issuer = selectCrlIssuer(crl, store);
  io.stdout(`OK: signed by ${issuer.subject.text} (key id ${bytesToHex(issuer.subjectKeyIdentifier ?? new Uint8Array())}); ${describe(crl)}\n`);
  return 0;
}

export async function index(path: string, cas: string[] | undefined, out: string | undefined, io: CliIo): Promise<number> {
  if (!out) throw new UsageError('--out DIR is required');
  const store = await trustStoreFrom(cas);
  const folder = new IndexFolder(out);
  const result = await withCrl(path, (input) => ingestCrl(input, { trustStore: store, current: folder, hashFactory: nodeHashFactory }));
  await folder.write(result.index);
  await folder.addAnchors(store.anchors);
  const m = result.index.manifest;
  io.stdout(
    `${JSON.stringify({
      issuer: result.issuer.subject.text,
      issuerKeyId: bytesToHex(m.issuerKeyId),
      delta: result.delta,
      crlNumber: m.crlNumber?.toString() ?? null,
      thisUpdate: m.thisUpdate.toISOString(),
      nextUpdate: m.nextUpdate?.toISOString() ?? null,
      entries: m.entryCount,
      dropped: result.dropped,
      shards: m.shards.length,
      dir: out,
    })}\n`,
  );
  return 0;
}

