/**
 * Fetches the CRLs of CRL_URLS on a schedule (CRL_REFRESH_MINUTES) and imports each one that
 * changed. Downloads stream into the import under the size limit; a conditional request
 * (ETag / Last-Modified, remembered in the database) skips lists the source says are the same.
 * Several server processes may each fetch: an import of a list already held changes nothing.
 * Log lines name the source by host and path only (a URL may carry a credential in its query).
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { MetaRepository } from '../storage/meta-repository.ts';
import type { CrlImporter } from './crl-import.ts';
import { crlInputFromStream } from './crl-input.ts';

export interface RefreshOutcome {
  source: string;
  status: 'imported' | 'unchanged' | 'not-modified' | 'failed';
  version?: number;
  error?: string;
}

export interface CrlRefresherOptions {
  urls: readonly string[];
  intervalMs: number;
  importer: CrlImporter;
  meta: MetaRepository;
  maxBytes: number;
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
  fetch?: typeof fetch;
  /** Per download (default 10 minutes: a 400 MB list over a slow line). */
  timeoutMs?: number;
}

interface Validators {
  etag?: string;
  lastModified?: string;
}

/** The source as logged and stored: origin and path, no query or credentials. */
export function sourceName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

export class CrlRefresher {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly abort = new AbortController();
  private running: Promise<RefreshOutcome[]> | undefined;

  constructor(private readonly options: CrlRefresherOptions) {}

  /** First pass after `firstDelayMs` (the server is listening by then), then every interval. */
  start(firstDelayMs = 5_000): void {
    const tick = (delay: number): void => {
      this.timer = setTimeout(() => {
        void this.refreshAll().finally(() => {
          if (!this.abort.signal.aborted) tick(this.options.intervalMs);
        });
      }, delay);
      this.timer.unref();
    };
    if (this.options.urls.length > 0) tick(firstDelayMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }

  /** One pass over every URL, one after another. */
  refreshAll(): Promise<RefreshOutcome[]> {
    this.running ??= (async () => {
      const outcomes: RefreshOutcome[] = [];
      for (const url of this.options.urls) outcomes.push(await this.refresh(url));
      return outcomes;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async refresh(url: string): Promise<RefreshOutcome> {
    const { meta, importer, maxBytes, log } = this.options;
    const source = sourceName(url);
    const key = `crl-source:${createHash('sha256').update(url).digest('hex').slice(0, 40)}`;
    const known = JSON.parse((await meta.get(key)) ?? '{}') as Validators;
    try {
      const headers: Record<string, string> = { accept: 'application/pkix-crl, application/octet-stream;q=0.9, */*;q=0.1' };
      if (known.etag) headers['if-none-match'] = known.etag;
      if (known.lastModified) headers['if-modified-since'] = known.lastModified;
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs ?? 600_000)]);
      const response = await (this.options.fetch ?? fetch)(url, { headers, signal });
      if (response.status === 304) {
        await response.body?.cancel();
        return { source, status: 'not-modified' };
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      const input = await crlInputFromStream(response.body, maxBytes);
      const result = await importer.import(input, `url ${source}`, signal);
      const validators: Validators = {
        ...(response.headers.get('etag') ? { etag: response.headers.get('etag') as string } : {}),
        ...(response.headers.get('last-modified') ? { lastModified: response.headers.get('last-modified') as string } : {}),
      };
      await meta.set(key, JSON.stringify(validators));
      log.info({ source, issuerKeyId: result.issuerKeyId, version: result.version, status: result.status, entries: result.entries }, 'revocation list fetched');
      return { source, status: result.status, version: result.version };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ source, error: message }, 'revocation list fetch failed; the next pass tries again');
      return { source, status: 'failed', error: message };
    }
  }
}
