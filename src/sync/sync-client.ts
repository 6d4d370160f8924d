/** The device's HTTP client for /api/v1: enrollment, push and pull, every answer checked against the protocol. */
import type { z } from 'zod';
import {
  enrollResponse,
  pullResponse,
  pushResponse,
  type EnrollRequest,
  type EnrollResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
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

  private async request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetch(new URL(path, this.options.serverUrl).toString(), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new SyncNetworkError({ cause });
    }
    if (response.status === 401) throw new SyncUnauthorizedError();
    if (response.status === 413) throw new BatchTooLargeError();
    if (response.status >= 500 || response.status === 429 || response.status === 408) throw new SyncServerError(response.status);
    if (!response.ok) throw new SyncRejectedError(response.status, await errorMessageOf(response));
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

  async enroll(request: EnrollRequest): Promise<EnrollResponse> {
    try {
      return await this.request('POST', '/api/v1/devices/enroll', enrollResponse, request);
    } catch (error) {
      if (error instanceof SyncRejectedError && error.status === 400) throw new EnrollmentCodeError();
      throw error;
    }
  }
}
