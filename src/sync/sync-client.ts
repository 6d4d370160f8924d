/** The device's HTTP client for /api/v1: enrollment, push and pull, every answer checked against the protocol. */
import type { z } from 'zod';
import {
  enrollResponse,
  pullResponse,
  pushResponse,
  revocationPackageList,
  verdictFeedResponse,
  type EnrollRequest,
  type EnrollResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type RevocationPackageList,
  type VerdictFeedResponse,
} from '../protocol/api.ts';
import {
  BatchTooLargeError,
  EnrollmentCodeError,
  SyncNetworkError,
  SyncRejectedError,
  SyncServerError,
  SyncUnauthorizedError,
} from './errors.ts';

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface SyncClientOptions {
  serverUrl: string;
  token?: string;
  fetch?: FetchFunction;
  /** Per request; a request that hangs longer counts as a network failure. */
  timeoutMs?: number;
  /** Per revocation package download (default 10 minutes: a whole list over a slow line). */
  packageTimeoutMs?: number;
  /** Largest revocation package accepted (default 512 MiB). */
  maxPackageBytes?: number;
}

async function errorMessageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? response.statusText;
  } catch {
    return response.statusText;
  }
}

export class SyncClient {
  private readonly fetch: FetchFunction;
  private readonly timeoutMs: number;

  constructor(private readonly options: SyncClientOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private async send(method: 'GET' | 'POST', path: string, accept: string, body: unknown, timeoutMs: number): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetch(new URL(path, this.options.serverUrl).toString(), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new SyncNetworkError({ cause });
    }
    if (response.status === 401) throw new SyncUnauthorizedError();
    if (response.status === 413) throw new BatchTooLargeError();
    if (response.status >= 500 || response.status === 429 || response.status === 408) throw new SyncServerError(response.status);
    if (!response.ok) throw new SyncRejectedError(response.status, await errorMessageOf(response));
    return response;
  }

  private async request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    const response = await this.send(method, path, 'application/json', body, this.timeoutMs);
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      // A body cut off mid-way is a broken connection, not a refusal.
      throw new SyncNetworkError({ cause });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncServerError(response.status);
    return parsed.data;
  }

  push(request: PushRequest): Promise<PushResponse> {
    return this.request('POST', '/api/v1/sync/push', pushResponse, request);
  }

  pull(cursor: string, limit = 500): Promise<PullResponse> {
    return this.request('GET', `/api/v1/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, pullResponse);
  }

  verdicts(cursor: string, limit = 500): Promise<VerdictFeedResponse> {
    return this.request('GET', `/api/v1/sync/verdicts?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, verdictFeedResponse);
  }

  revocationPackages(): Promise<RevocationPackageList> {
    return this.request('GET', '/api/v1/revocation/packages', revocationPackageList);
  }

  /**
   * The next revocation package of an issuer after version `since` (0: none held), or undefined
   * when the device is up to date. `onBytes` follows the download.
   */
  async revocationPackage(issuerKeyId: string, since: number, onBytes?: (received: number, total: number | undefined) => void): Promise<Uint8Array | undefined> {
    const path = `/api/v1/revocation/packages/${encodeURIComponent(issuerKeyId)}?since=${since}`;
    const response = await this.send('GET', path, 'application/vnd.shelterkey.revocation-package', undefined, this.options.packageTimeoutMs ?? 600_000);
    if (response.status === 204) return undefined;
    const limit = this.options.maxPackageBytes ?? 512 * 1024 * 1024;
    const announced = Number(response.headers.get('content-length') ?? Number.NaN);
    const total = Number.isFinite(announced) ? announced : undefined;
    if (total !== undefined && total > limit) throw new SyncRejectedError(response.status, `revocation package of ${total} bytes is over the limit`);
    if (!response.body) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value.length;
        if (received > limit) throw new SyncRejectedError(response.status, 'revocation package over the limit');
        chunks.push(value);
        onBytes?.(received, total);
      }
    } catch (cause) {
      await reader.cancel().catch(() => undefined);
      if (cause instanceof SyncRejectedError) throw cause;
      // A body cut off mid-way is a broken connection.
      throw new SyncNetworkError({ cause });
    }
    if (total !== undefined && received !== total) throw new SyncNetworkError({ cause: new Error(`received ${received} of ${total} bytes`) });
    const bytes = new Uint8Array(received);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return bytes;
  }

  async enroll(request: EnrollRequest): Promise<EnrollResponse> {
    try {
      return await this.request('POST', '/api/v1/devices/enroll', enrollResponse, request);
    } catch (error) {
      if (error instanceof SyncRejectedError && error.status === 400) throw new EnrollmentCodeError();
      throw error;
    }
  }
}
