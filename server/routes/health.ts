import type { FastifyInstance } from 'fastify';
import type { HealthReport } from '../../src/protocol/health.ts';
import type { Storage } from '../storage/storage.ts';
import { SERVER_VERSION } from '../version.ts';

/** GET /api/v1/health: is the server up and is its database answering. */
export function registerHealthRoute(app: FastifyInstance, storage: Storage): void {
  const startedAt = Date.now();
  app.get('/api/v1/health', async (request, reply) => {
    const report: HealthReport = {
      status: 'ok',
      version: SERVER_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      storage: { engine: storage.engine, reachable: true, schemaVersion: undefined },
    };
    try {
      await storage.ping();
      report.storage.schemaVersion = await storage.schemaVersion();
    } catch (error) {
      request.log.error({ err: error }, 'health check: storage unreachable');
      report.status = 'unavailable';
      report.storage.reachable = false;
    }
    return reply
      .status(report.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
}
