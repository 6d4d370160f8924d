import type { FastifyInstance } from 'fastify';
import { enrollRequest, type EnrollResponse } from '../../src/protocol/api.ts';
import { bytesToBase64 } from '../../src/protocol/encoding.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/validate.ts';
import type { PublishingKey } from '../revocation/publishing-key.ts';
import type { DevicesRepository } from '../storage/devices-repository.ts';
import type { SheltersRepository } from '../storage/shelters-repository.ts';

/**
 * A tablet exchanges a short enrollment code for its own bearer token, and receives the key the
 * server signs revocation packages with, which it pins.
 */
export function registerDeviceRoutes(
  app: FastifyInstance,
  deps: { devices: DevicesRepository; shelters: SheltersRepository; clock: Clock; publishingKey: PublishingKey },
): void {
  app.post(
    '/api/v1/devices/enroll',
    // Codes have ~37 bits and expire; 60 a minute still lets a hall of tablets behind one NAT enroll at once.
    { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request, reply): Promise<EnrollResponse> => {
      const body = parseWith(enrollRequest, request.body);
      const enrolled = await deps.devices.enroll(body.code, body.deviceName, body.provisionalShelterId, deps.clock.now());
      if (!enrolled) throw new ApiError('enrollment_code_invalid');
      request.auditActor = `device:${enrolled.device.id}`;
      request.auditObjectId = enrolled.device.shelterId;
      const shelter = await deps.shelters.get(enrolled.device.shelterId);
      if (!shelter) throw new ApiError('internal');
      request.log.info({ deviceId: enrolled.device.id, shelterId: shelter.id }, 'device enrolled');
      reply.status(201);
      return {
        deviceId: enrolled.device.id,
        token: enrolled.token,
        shelter: { id: shelter.id, name: shelter.name },
        publishingKey: bytesToBase64(deps.publishingKey.publicKey),
      };
    },
  );
}
