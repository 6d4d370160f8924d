/**
 * Who is calling: the administrator (ADMIN_TOKEN) or an enrolled device (its bearer token).
 * Route handlers declare which with `preHandler: [app.requireAdmin]` or `[app.requireDevice]`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { secretsEqual } from '../security/secrets.ts';
import type { DeviceRecord, DevicesRepository } from '../storage/devices-repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireDevice: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    device: DeviceRecord | undefined;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** The device of an authenticated request (after requireDevice). */
export function deviceOf(request: FastifyRequest): DeviceRecord {
  if (!request.device) throw new ApiError('unauthorized');
  return request.device;
}

export function registerAuth(app: FastifyInstance, options: { adminToken: string | undefined; devices: DevicesRepository }): void {
  app.decorateRequest('device', undefined);

  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    if (!options.adminToken) throw new ApiError('admin_disabled');
    const token = bearerToken(request);
    if (!token || !secretsEqual(token, options.adminToken)) throw new ApiError('unauthorized');
    request.auditActor = 'admin';
  });

  app.decorate('requireDevice', async (request: FastifyRequest) => {
    const token = bearerToken(request);
    const device = token ? await options.devices.findByToken(token) : undefined;
    if (!device || device.revoked) throw new ApiError('unauthorized');
    request.device = device;
    request.auditActor = `device:${device.id}`;
  });
}
