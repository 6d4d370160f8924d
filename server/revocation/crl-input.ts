/** CRL files as the command line and the server take them: DER streamed from disk, or PEM. */
import { open, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { derBlocksFromFile } from '../../src/pki/pem.ts';
import type { ByteInput, HashFactory, IncrementalHash } from '../../src/revocation/index.ts';

const PEM_START = '-----BEGIN';
const CHUNK_BYTES = 1 << 20;

/** Node's native incremental hashes: the same interface as the default, several times faster. */
export const nodeHashFactory: HashFactory = (name): IncrementalHash => {
  const hash = createHash(name.replace('-', '').toLowerCase());
  return { update: (data) => hash.update(data), digest: () => new Uint8Array(hash.digest()) };
};

/**
 * The CRL at `path` as bytes to stream: a DER file is read in 1 MiB chunks as it is parsed; a
 * PEM file ("X509 CRL") is decoded whole first, as base64 has to be.
 */
export async function openCrlFile(path: string): Promise<{ input: ByteInput; close: () => Promise<void> }> {
  const file = await open(path, 'r');
  const head = new Uint8Array(64);
  const { bytesRead } = await file.read(head, 0, head.length, 0);
  const text = new TextDecoder().decode(head.subarray(0, bytesRead)).trimStart();
  if (text.startsWith(PEM_START)) {
    await file.close();
    const [der] = derBlocksFromFile(new Uint8Array(await readFile(path)), 'X509 CRL');
    return { input: der ?? new Uint8Array(0), close: async () => undefined };
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await file.close();
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = new Uint8Array(CHUNK_BYTES);
      const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) {
        controller.close();
        await close();
      } else {
        controller.enqueue(chunk.subarray(0, bytesRead));
      }
    },
    cancel: close,
  });
  return { input: stream, close };
}

/** A CRL longer than the configured limit (CRL_MAX_MB): refused before it fills memory or disk. */
export class CrlTooLargeError extends Error {
  override name = 'CrlTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`The revocation list is larger than the limit of ${Math.round(limitBytes / 1024 / 1024)} MB (CRL_MAX_MB).`);
  }
}

/** A CRL upload or download that stopped sending: refused so that imports after it are not held up. */
export class CrlStalledError extends Error {
  override name = 'CrlStalledError';
  constructor(readonly idleMs: number) {
    super(`The revocation list stopped arriving (nothing for ${Math.round(idleMs / 1000)} s).`);
  }
}

/** Waits for the next chunk at most `idleMs`. */
async function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, idleMs: number): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CrlStalledError(idleMs)), idleMs);
  });
  try {
    return await Promise.race([reader.read(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A CRL arriving as a stream (an upload, a download): DER passes through as it arrives, counted
 * against `maxBytes`; PEM is gathered (within the limit) and decoded, as base64 has to be. A
 * stream silent for `idleMs` (default one minute) fails with CrlStalledError.
 */
export async function crlInputFromStream(stream: ReadableStream<Uint8Array>, maxBytes: number, idleMs = 60_000): Promise<ByteInput> {
  const reader = stream.getReader();
  let total = 0;
  const take = async (): Promise<Uint8Array | undefined> => {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await readWithin(reader, idleMs);
    } catch (error) {
      await reader.cancel(error).catch(() => undefined);
      throw error;
    }
    const { value, done } = result;
    if (done) return undefined;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new CrlTooLargeError(maxBytes);
    }
    return value;
  };
  const first = await take();
  if (!first) return new Uint8Array(0);
  if (new TextDecoder().decode(first.subarray(0, 64)).trimStart().startsWith(PEM_START)) {
    const parts = [first];
    for (let part = await take(); part; part = await take()) parts.push(part);
    const [der] = derBlocksFromFile(new Uint8Array(Buffer.concat(parts)), 'X509 CRL');
    return der ?? new Uint8Array(0);
  }
  let pending: Uint8Array | undefined = first;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = pending ?? (await take());
      pending = undefined;
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
