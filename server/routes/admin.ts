import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import {
  createShelterRequest,
  type AlertAcknowledged,
  enrollmentCodeRequest,
  type ShelterAlerts,
  type ShelterSummary,
} from '../../src/protocol/api.ts';
import type { Clock } from '../clock.ts';
import { registryCsv } from '../export/registry.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/validate.ts';
import type { AlertsRepository } from '../storage/alerts-repository.ts';
import type { DevicesRepository } from '../storage/devices-repository.ts';
import type { ServerDatabase } from '../storage/schema.ts';
import type { SheltersRepository } from '../storage/shelters-repository.ts';

export interface AdminRouteDependencies {
  db: Kysely<ServerDatabase>;
  shelters: SheltersRepository;
  devices: DevicesRepository;
  alerts: AlertsRepository;
  clock: Clock;
  enrollmentCodeTtlMinutes: number;
}

/** Coordinator/administrator calls: shelters, enrollment codes, device revocation, summaries. */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDependencies): void {
  const admin = { preHandler: [app.requireAdmin] };

  async function shelterOrThrow(id: string) {
    const shelter = await deps.shelters.get(id);
    if (!shelter) throw new ApiError('not_found', 'There is no shelter with this id.');
    return shelter;
  }

  app.post('/api/v1/admin/shelters', admin, async (request, reply) => {
    const { name } = parseWith(createShelterRequest, request.body);
    const shelter = await deps.shelters.create(name, deps.clock.now());
    request.auditObjectId = shelter.id;
    request.log.info({ shelterId: shelter.id }, 'shelter created');
    return reply.status(201).send({ id: shelter.id, name: shelter.name });
  });

  app.get('/api/v1/admin/shelters', admin, async () => {
    const shelters = await deps.shelters.list();
    return {
      shelters: await Promise.all(
        shelters.map(async (shelter) => {
          const [devices, counts] = await Promise.all([deps.devices.listForShelter(shelter.id), deps.shelters.counts(shelter.id)]);
          return {
            id: shelter.id,
            name: shelter.name,
            devices: devices.map((d) => ({ id: d.id, name: d.name, lastSyncAt: d.lastSyncAt, pendingEvents: d.pendingEvents, revoked: d.revoked })),
            events: counts.events,
            checkedIn: counts.checkedIn,
            openAlerts: counts.alerts,
          };
        }),
      ),
    };
  });

  app.post<{ Params: { id: string } }>('/api/v1/admin/shelters/:id/enrollment-codes', admin, async (request, reply) => {
    const shelter = await shelterOrThrow(request.params.id);
    const options = parseWith(enrollmentCodeRequest, request.body ?? undefined);
    const ttl = options?.ttlMinutes ?? deps.enrollmentCodeTtlMinutes;
    const code = await deps.devices.createEnrollmentCode(shelter.id, deps.clock.now(), ttl);
    return reply.status(201).send(code);
  });

  app.get<{ Params: { id: string } }>('/api/v1/admin/shelters/:id/summary', admin, async (request): Promise<ShelterSummary> => {
    const shelter = await shelterOrThrow(request.params.id);
    return deps.shelters.counts(shelter.id);
  });

  app.get<{ Params: { id: string } }>('/api/v1/admin/shelters/:id/alerts', admin, async (request): Promise<ShelterAlerts> => {
    const shelter = await shelterOrThrow(request.params.id);
    return { alerts: await deps.alerts.openForShelter(shelter.id) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/admin/alerts/:id/acknowledge', admin, async (request): Promise<AlertAcknowledged> => {
    const acknowledged = await deps.alerts.acknowledge(request.params.id, deps.clock.now());
    if (!acknowledged) throw new ApiError('not_found', 'There is no alert with this id.');
    return acknowledged;
  });

  app.get<{ Params: { id: string } }>('/api/v1/admin/shelters/:id/registry.csv', admin, async (request, reply) => {
    const shelter = await shelterOrThrow(request.params.id);
    const csv = await registryCsv(deps.db, shelter.id);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="registry-${shelter.id}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  app.post<{ Params: { id: string } }>('/api/v1/admin/devices/:id/revoke', admin, async (request, reply) => {
    const revoked = await deps.devices.revoke(request.params.id, deps.clock.now());
    if (!revoked) throw new ApiError('not_found', 'There is no active device with this id.');
    return reply.status(204).send();
  });
}
