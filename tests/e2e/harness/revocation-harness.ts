/**
 * A page for driving the revocation worker from Playwright (end-to-end tests and the Chromium
 * benchmark): the real worker, the real IndexedDB, CRLs fetched from the test server as streams.
 */
import { importCrl, revocationWorker, RevocationWorkerError, workerRevocationSink } from '../../../src/app/workers/revocation-client.ts';
import { database } from '../../../src/db/database.ts';
import { writeSetting } from '../../../src/db/settings.ts';
import { base64ToBytes } from '../../../src/protocol/encoding.ts';
import type { CrlProgress, Verdict } from '../../../src/revocation/index.ts';

export interface HarnessImport {
  ok: boolean;
  summary?: unknown;
  code?: string;
  message?: string;
  progress: CrlProgress[];
  /** Wall-clock ms from the fetch to the stored index. */
  ms: number;
  /** Longest gap between animation frames on the page during the import (UI-thread freedom). */
  longestFrameGapMs: number;
}

/**
 * Imports the CRL at `url`. With `fromFile`, the bytes are first fetched into a Blob (as a file
 * the user picked) and the clock starts after that; otherwise the response streams into the worker.
 */
async function importFromUrl(
  url: string,
  options: { abortAfterBytes?: number; anchorsBase64?: string[]; fromFile?: boolean; stallAfterBytes?: number; abortAfterMs?: number } = {},
): Promise<HarnessImport> {
  const progress: CrlProgress[] = [];
  const controller = new AbortController();
  let longestFrameGapMs = 0;
  let running = true;
  let last = performance.now();
  const frame = (now: number): void => {
    longestFrameGapMs = Math.max(longestFrameGapMs, now - last);
    last = now;
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const file = options.fromFile ? await (await fetch(url)).blob() : undefined;
  const started = performance.now();
  try {
    const response = file ? undefined : await fetch(url);
    const body = response?.body && options.stallAfterBytes !== undefined ? stalling(response.body, options.stallAfterBytes) : response?.body;
    const source = file ?? body;
    if (options.abortAfterMs !== undefined) setTimeout(() => controller.abort(), options.abortAfterMs);
    if (!source) throw new Error('no body');
    const summary = await importCrl(source, {
      signal: controller.signal,
      extraAnchors: options.anchorsBase64?.map(base64ToBytes),
      onProgress: (p) => {
        progress.push(p);
        if (options.abortAfterBytes !== undefined && p.bytes >= options.abortAfterBytes) controller.abort();
      },
    });
    return { ok: true, summary, progress, ms: performance.now() - started, longestFrameGapMs };
  } catch (error) {
    const code = error instanceof RevocationWorkerError ? error.code : undefined;
    return { ok: false, code, message: String(error), progress, ms: performance.now() - started, longestFrameGapMs };
  } finally {
    running = false;
  }
}

/** Passes `limit` bytes of `body` on, then waits forever (a network that stopped answering). */
function stalling(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= limit) return new Promise<void>(() => undefined);
      const { value, done } = await reader.read();
      if (done) return controller.close();
      const part = value.subarray(0, limit - sent);
      sent += part.length;
      controller.enqueue(part);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Fetches a revocation package and hands it to the worker as the sync loop does. */
async function applyPackageFromUrl(url: string): Promise<{ ok: boolean; applied?: unknown; code?: string; ms: number }> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const started = performance.now();
  try {
    const applied = await workerRevocationSink().apply(bytes);
    return { ok: true, applied, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, code: error instanceof RevocationWorkerError ? error.code : String(error), ms: performance.now() - started };
  }
}

const harness = {
  importFromUrl,
  applyPackageFromUrl,
  /** What enrollment stores: the server's publishing key, pinned. */
  pinPublishingKey: (publicKeyBase64: string): Promise<void> => writeSetting(database(), 'publishingKey', publicKeyBase64),
  setAnchors: (anchorsBase64: string[]): Promise<void> => revocationWorker().setExtraAnchors(anchorsBase64.map(base64ToBytes)),
  validate: (certificateBase64: string, atIso: string): Promise<Verdict> => revocationWorker().validate(base64ToBytes(certificateBase64), new Date(atIso)),
  lookup: (issuerKeyId: string, serialHex: string, cold: boolean) => revocationWorker().lookup(issuerKeyId, serialHex, cold),
  timeWarmLookups: (issuerKeyId: string, serials: string[], rounds: number) => revocationWorker().timeWarmLookups(issuerKeyId, serials, rounds),
  timeColdLookups: (issuerKeyId: string, serials: string[], withManifest: boolean) => revocationWorker().timeColdLookups(issuerKeyId, serials, withManifest),
  list: () => revocationWorker().list(),
};

declare global {
  interface Window {
    revocationHarness: typeof harness;
  }
}

window.revocationHarness = harness;
document.body.dataset.ready = 'true';
