/** A real server app (Fastify + storage engine under test) driven with inject(), with a movable clock. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { Clock } from '../../server/clock.ts';
import type { SerialLinkService } from '../../server/mykey/serial-link.ts';
import { ephemeralPublishingKey, type PublishingKey } from '../../server/revocation/publishing-key.ts';
import { createRevocationServices, type RevocationServices } from '../../server/revocation/revocation-services.ts';
import type { CertificateRechecker } from '../../server/sync/recheck.ts';
import type { CrlImportResponse } from '../../src/protocol/api.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import type { Storage } from '../../server/storage/storage.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export class MovableClock implements Clock {
  constructor(private time = new Date('2026-11-20T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
  set(at: Date): void {
    this.time = new Date(at);
  }
}

export interface TestApp {
  app: FastifyInstance;
  clock: MovableClock;
  revocation: RevocationServices;
  admin(method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Creates a shelter and enrolls `count` devices in it. */
  shelterWithDevices(count: number, name?: string): Promise<{ shelterId: string; devices: { deviceId: string; token: string }[] }>;
  asDevice(token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Imports a CRL (DER) as a coordinator does. */
  importCrl(der: Uint8Array): Promise<CrlImportResponse>;
}

export interface TestAppOptions {
  /** Default: the revocation store's re-check against `trustStore`. */
  rechecker?: CertificateRechecker;
  clock?: MovableClock;
  /** What the server trusts for CRLs and re-checks (default: nothing). */
  trustStore?: TrustStore;
  /** Default: a key made for this app; pass one to restart a server with its key. */
  publishingKey?: PublishingKey;
  crlMaxBytes?: number;
  serialLinks?: SerialLinkService;
}

export async function buildTestApp(storage: Storage, options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new MovableClock();
  const revocation = createRevocationServices({
    storage,
    trustStore: options.trustStore ?? new TrustStore([]),
    publishingKey: options.publishingKey ?? ephemeralPublishingKey(),
    clock,
  });
  const app = await buildApp({
    config: { staticDir: '/nonexistent', logLevel: 'silent', adminToken: TEST_ADMIN_TOKEN, enrollmentCodeTtlMinutes: 30, crlMaxBytes: options.crlMaxBytes ?? 64 * 1024 * 1024 },
    storage,
    revocation,
    ...(options.rechecker ? { rechecker: options.rechecker } : {}),
    clock,
    ...(options.serialLinks ? { serialLinks: options.serialLinks } : {}),
  });
  const call = (token: string | undefined, method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as object }) });
  const admin = (method: 'GET' | 'POST', url: string, body?: unknown) => call(TEST_ADMIN_TOKEN, method, url, body);
  return {
    app,
    clock,
    revocation,
    admin,
    asDevice: call,
    async importCrl(der) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/crls',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/pkix-crl' },
        payload: Buffer.from(der),
      });
      return response.json<CrlImportResponse>();
    },
    async shelterWithDevices(count, name = '市立第一小学校体育館') {
      const shelter = await admin('POST', '/api/v1/admin/shelters', { name });
      const shelterId = shelter.json<{ id: string }>().id;
      const devices = [];
      for (let i = 0; i < count; i++) {
        const { code } = (await admin('POST', `/api/v1/admin/shelters/${shelterId}/enrollment-codes`)).json<{ code: string }>();
        const enrolled = await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, deviceName: `受付タブレット${i + 1}` } });
        devices.push(enrolled.json<{ deviceId: string; token: string }>());
      }
      return { shelterId, devices };
    },
  };
}
