/** Builds the HTTP application (no listening here: see main.ts), so tests drive it with inject(). */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { AuditLog } from './audit/audit-log.ts';
import { systemClock, type Clock } from './clock.ts';
import type { ServerConfig } from './config.ts';
import { loggerOptions } from './logger.ts';
import { registerMyKey } from './mykey/register.ts';
import { unavailableSerialLinks, type SerialLinkService } from './mykey/serial-link.ts';
import { lookupThrough, type RevocationLookup } from './mykey/validity.ts';
import { openApiDocument } from './openapi.ts';
import { registerAudit } from './plugins/audit.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerStaticApp } from './plugins/static-app.ts';
import type { RevocationServices } from './revocation/revocation-services.ts';
import { registerAdminCrlRoutes } from './routes/admin-crls.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerDeviceRoutes } from './routes/devices.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerRevocationRoutes } from './routes/revocation.ts';
import { registerSyncRoutes } from './routes/sync.ts';
import { AlertsRepository } from './storage/alerts-repository.ts';
import { DevicesRepository } from './storage/devices-repository.ts';
import { EventsRepository } from './storage/events-repository.ts';
import { SheltersRepository } from './storage/shelters-repository.ts';
import type { Storage } from './storage/storage.ts';
import { VerdictsRepository } from './storage/verdicts-repository.ts';
import { PushService } from './sync/push-service.ts';
import type { CertificateRechecker } from './sync/recheck.ts';

export interface AppDependencies {
  config: Pick<ServerConfig, 'staticDir' | 'logLevel' | 'adminToken' | 'enrollmentCodeTtlMinutes' | 'crlMaxBytes'>;
  storage: Storage;
  revocation: RevocationServices;
  /** The sync re-check; by default the revocation store's. */
  rechecker?: CertificateRechecker;
  clock?: Clock;
  /** J-LIS's old/new certificate link for renewals at the resident counter (none by default). */
  serialLinks?: SerialLinkService;
  /** Validity for the MyKey functions; default: `rechecker`. */
  revocationLookup?: RevocationLookup;
}

export async function buildApp({
  config,
  storage,
  revocation,
  rechecker = revocation.rechecker,
  clock = systemClock,
  serialLinks = unavailableSerialLinks,
  revocationLookup = lookupThrough(rechecker),
}: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({ logger: loggerOptions(config.logLevel), bodyLimit: 1024 * 1024 });
  registerErrorHandling(app);
  await app.register(rateLimit, { global: false });

  const shelters = new SheltersRepository(storage.db);
  const devices = new DevicesRepository(storage.db);
  const events = new EventsRepository(storage.db);
  const verdicts = new VerdictsRepository(storage.db);
  const push = new PushService({ events, devices, verdicts, rechecker, clock });

  registerAudit(app, new AuditLog(storage.db, () => clock.now()));
  registerAuth(app, { adminToken: config.adminToken, devices });
  registerHealthRoute(app, storage);
  const openApi = openApiDocument();
  app.get('/api/v1/openapi.json', async () => openApi);
  registerAdminRoutes(app, { db: storage.db, shelters, devices, alerts: new AlertsRepository(storage.db), clock, enrollmentCodeTtlMinutes: config.enrollmentCodeTtlMinutes });
  await registerAdminCrlRoutes(app, { importer: revocation.importer, repository: revocation.repository, maxBytes: config.crlMaxBytes });
  registerDeviceRoutes(app, { devices, shelters, clock, publishingKey: revocation.publishingKey });
  registerSyncRoutes(app, { push, events, verdicts });
  await registerMyKey(app, { storage, lookup: revocationLookup, serialLinks, clock });
  registerRevocationRoutes(app, { packages: revocation.packages });
  await registerStaticApp(app, config.staticDir);
  return app;
}
