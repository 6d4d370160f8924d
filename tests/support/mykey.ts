/**
 * The MyKey functions under test: the real app on a storage engine, trusting the training JPKI
 * hierarchy, with revocation answered by the revocation engine from the training CRLs (no mocked
 * verdicts), the training J-LIS serial link, and residents' training cards on virtual readers
 * driven through the real card layer at the counter.
 */
import type { LightMyRequestResponse } from 'fastify';
import { readFourAttributes } from '../../src/card/text-ap/read-attributes.ts';
import { signWithUserAuthKey, verifyUserAuthPin } from '../../src/card/jpki/user-auth.ts';
import { openCardSession, type CardSession } from '../../src/card/session/card-session.ts';
import { TRAINING_PINS } from '../../src/card/training/card-image-builder.ts';
import { TRAINING_RESIDENTS, trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import type { TrainingResident } from '../../src/card/training/resident-generator.ts';
import { trainingCardTransport } from '../../src/card/training/training-card.ts';
import { createTrainingCrlSet } from '../../src/card/training/training-crl.ts';
import { base64ToBytes, bytesToBase64 } from '../../src/protocol/encoding.ts';
import type { FourAttributesInput, KeyPossessionProofInput, RelyingPartyScope } from '../../src/protocol/mykey-api.ts';
import { ingestCrl, MemoryIndexStore } from '../../src/revocation/index.ts';
import type { SerialLinkService } from '../../server/mykey/serial-link.ts';
import { TrainingSerialLinks } from '../../server/mykey/training-serial-link.ts';
import { RevocationRechecker } from '../../server/revocation/revocation-rechecker.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { buildTestApp, MovableClock, type TestApp } from './test-app.ts';

/** The training CRLs' thisUpdate; the test clock starts 9 hours later. */
export const CRL_THIS_UPDATE = new Date('2026-11-20T00:00:00Z');

/** The revocation lookup the server uses, built by the revocation engine from the training CRLs. */
export async function trainingRevocationRechecker(options: { nextUpdate?: Date } = {}): Promise<RevocationRechecker> {
  const authority = await trainingAuthority();
  const trustStore = authority.trustStore();
  const indexes = new MemoryIndexStore();
  const crls = await createTrainingCrlSet(authority, {
    residents: TRAINING_RESIDENTS,
    thisUpdate: CRL_THIS_UPDATE,
    nextUpdate: options.nextUpdate ?? new Date('2027-12-31T00:00:00Z'),
  });
  for (const crl of crls) indexes.put((await ingestCrl(crl.der, { trustStore })).index);
  return new RevocationRechecker(trustStore, indexes);
}

export interface MyKeyTestApp extends TestApp {
  createSystem(name: string, options?: { scopes?: RelyingPartyScope[]; rateLimitPerMinute?: number }): Promise<{ id: string; apiKey: string }>;
  asSystem(apiKey: string | undefined, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

let sharedRechecker: Promise<RevocationRechecker> | undefined;

export interface MyKeyTestAppOptions {
  clock?: MovableClock;
  nextUpdate?: Date;
  /** Default: the training J-LIS serial link. */
  serialLinks?: SerialLinkService;
}

export async function buildMyKeyTestApp(storage: Storage, options: MyKeyTestAppOptions = {}): Promise<MyKeyTestApp> {
  const rechecker = await (options.nextUpdate ? trainingRevocationRechecker(options) : (sharedRechecker ??= trainingRevocationRechecker()));
  const t = await buildTestApp(storage, { rechecker, clock: options.clock ?? new MovableClock(), serialLinks: options.serialLinks ?? new TrainingSerialLinks(TRAINING_RESIDENTS) });
  return {
    ...t,
    async createSystem(name, systemOptions = {}) {
      const response = await t.admin('POST', '/api/v1/admin/relying-parties', { name, ...systemOptions });
      if (response.statusCode !== 201) throw new Error(`creating a relying system failed: ${response.statusCode} ${response.body}`);
      return response.json<{ id: string; apiKey: string }>();
    },
    asSystem(apiKey, url, body) {
      return t.app.inject({ method: 'POST', url, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });
    },
  };
}

/** Base64 DER of a training resident's user-authentication (or signing) certificate. */
export function certificateOf(residentId: string, kind: 'userAuth' | 'signing' = 'userAuth'): string {
  const record = trainingResident(residentId)[kind];
  if (!record) throw new Error(`training resident ${residentId} has no ${kind} certificate`);
  return record.certificate;
}

/** A resident's card placed on the counter's reader, the PIN entered once. */
export class CardAtCounter {
  private constructor(
    private readonly t: TestApp,
    private readonly deviceToken: string,
    readonly resident: TrainingResident,
    private readonly session: CardSession,
  ) {}

  static async place(t: TestApp, deviceToken: string, resident: TrainingResident | string): Promise<CardAtCounter> {
    const who = typeof resident === 'string' ? trainingResident(resident) : resident;
    const session = openCardSession(await trainingCardTransport(who));
    await verifyUserAuthPin(session, TRAINING_PINS.userAuth);
    return new CardAtCounter(t, deviceToken, who, session);
  }

  get certificate(): string {
    return this.resident.userAuth.certificate;
  }

  /** A fresh server challenge signed by the card. */
  async proof(): Promise<KeyPossessionProofInput> {
    const response = await this.t.asDevice(this.deviceToken, 'POST', '/api/v1/counter/challenges');
    if (response.statusCode !== 201) throw new Error(`no challenge: ${response.statusCode} ${response.body}`);
    const { challengeId, challenge } = response.json<{ challengeId: string; challenge: string }>();
    const signature = await signWithUserAuthKey(this.session, base64ToBytes(challenge));
    return { certificate: this.certificate, challengeId, signature: bytesToBase64(signature) };
  }

  /** The 4 attributes as the counter reads them from the card's text AP (PIN, integrity checked). */
  async attributes(): Promise<FourAttributesInput> {
    const reading = await readFourAttributes(this.session, { kind: 'pin', pin: TRAINING_PINS.textAp }, { cvIssuerKey: (await trainingAuthority()).cvIssuerPublicKey });
    if (!reading.integrity.verified) throw new Error('the training card\'s 4 attributes did not verify');
    return { name: reading.name, address: reading.address, birthDate: reading.birthDate, sex: reading.sex };
  }

  /** POST to a counter route with a fresh proof added to `body`. */
  async call(url: string, body: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
    return this.t.asDevice(this.deviceToken, 'POST', url, { proof: await this.proof(), ...body });
  }
}
