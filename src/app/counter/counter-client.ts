/**
 * The resident counter's calls to the server (README "Resident counter API"): the device's token
 * authenticates the counter, each call about a resident carries the card's proof. Every answer
 * is checked against the protocol's schemas (src/protocol/mykey-api.ts).
 */
import { z } from 'zod';
import {
  challengeResponse,
  counterConsentsResponse,
  counterLinksResponse,
  counterRelyingPartiesResponse,
  counterView,
  renewalResponse,
  type ConsentItem,
  type CounterView,
  type FourAttributesInput,
  type KeyPossessionProofInput,
} from '../../protocol/mykey-api.ts';
import { CounterApiError, CounterNetworkError, CounterProtocolError } from './counter-errors.ts';

export type CounterChallenge = z.infer<typeof challengeResponse>;
export type CounterSystem = z.infer<typeof counterRelyingPartiesResponse>['relyingParties'][number];
export type CounterLink = CounterView['links'][number];
export type CounterConsent = CounterView['consents'][number];
export type CounterRenewalResult = z.infer<typeof renewalResponse>;
/** How the resident proves the renewed card is theirs: the 4 attributes read from it, or J-LIS's old/new serial link. */
export type CounterRenewalProof = { method: 'attributes'; attributes: FourAttributesInput } | { method: 'serial-link' };

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface CounterClientOptions {
  serverUrl: string;
  /** The enrolled device's token (never a resident's credential). */
  token: string;
  fetch?: FetchFunction;
  /** Per request; longer counts as no network. */
  timeoutMs?: number;
}

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), text: z.object({ ja: z.string(), en: z.string() }).optional() }),
});

export class CounterClient {
  private readonly fetch: FetchFunction;

  constructor(private readonly options: CounterClientOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await this.fetch(new URL(path, this.options.serverUrl).toString(), {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (cause) {
      throw new CounterNetworkError({ cause });
    }
    let json: unknown;
    try {
      json = response.status === 204 ? undefined : await response.json();
    } catch (cause) {
      if (response.ok) throw new CounterNetworkError({ cause });
      json = undefined;
    }
    if (!response.ok) {
      const parsed = errorBody.safeParse(json);
      if (!parsed.success) throw new CounterApiError(response.status, `http_${response.status}`, undefined, response.statusText);
      const { code, message, text } = parsed.data.error;
      throw new CounterApiError(response.status, code, text, message);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CounterProtocolError(response.status);
    return parsed.data;
  }

  /** A fresh 32-byte challenge for the card to sign (2 minutes, once, this device). */
  challenge(): Promise<CounterChallenge> {
    return this.call('POST', '/api/v1/counter/challenges', challengeResponse);
  }

  async relyingParties(): Promise<CounterSystem[]> {
    return (await this.call('GET', '/api/v1/counter/relying-parties', counterRelyingPartiesResponse)).relyingParties;
  }

  me(proof: KeyPossessionProofInput): Promise<CounterView> {
    return this.call('POST', '/api/v1/counter/me', counterView, { proof });
  }

  async link(proof: KeyPossessionProofInput, relyingPartyId: string, serviceId: string): Promise<CounterLink[]> {
    return (await this.call('POST', '/api/v1/counter/links', counterLinksResponse, { proof, relyingPartyId, serviceId })).links;
  }

  async unlink(proof: KeyPossessionProofInput, relyingPartyId: string): Promise<CounterLink[]> {
    return (await this.call('POST', '/api/v1/counter/links/unlink', counterLinksResponse, { proof, relyingPartyId })).links;
  }

  async giveConsent(proof: KeyPossessionProofInput, relyingPartyId: string, items: ConsentItem[], attributes: Partial<FourAttributesInput>): Promise<CounterConsent[]> {
    return (await this.call('POST', '/api/v1/counter/consents', counterConsentsResponse, { proof, relyingPartyId, items, attributes })).consents;
  }

  /** Registers the keyed digest of the 4 attributes, so a renewed card can later prove it is the same person's. */
  async registerAttributes(proof: KeyPossessionProofInput, attributes: FourAttributesInput): Promise<void> {
    await this.call('POST', '/api/v1/counter/attributes', z.undefined(), { proof, attributes });
  }

  /** Carries the earlier registration over to the card of `proof` (a renewed card). */
  carryOver(proof: KeyPossessionProofInput, renewal: CounterRenewalProof): Promise<CounterRenewalResult> {
    return this.call('POST', '/api/v1/counter/renewals', renewalResponse, { proof, ...renewal });
  }

  async withdrawConsent(proof: KeyPossessionProofInput, relyingPartyId: string, items?: ConsentItem[]): Promise<CounterConsent[]> {
    return (await this.call('POST', '/api/v1/counter/consents/withdraw', counterConsentsResponse, { proof, relyingPartyId, ...(items ? { items } : {}) })).consents;
  }
}
