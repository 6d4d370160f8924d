/** The OpenAPI 3.1 description of /api/v1, generated from the same zod schemas the routes enforce. */
import { z } from 'zod';
import * as api from '../src/protocol/api.ts';
import { shelterEventSchema } from '../src/protocol/events.ts';
import { myKeyPaths } from './mykey/openapi-paths.ts';
import { CRL_CONTENT_TYPES } from './routes/admin-crls.ts';
import { REVOCATION_PACKAGE_TYPE } from './routes/revocation.ts';
import { SERVER_VERSION } from './version.ts';

type Schema = z.ZodType;

const json = (schema: Schema) => ({ content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } } });
export const errorResponse = (description: string) => ({
  description,
  ...json(z.object({ error: z.object({ code: z.string(), message: z.string(), text: z.object({ ja: z.string(), en: z.string() }).optional() }) })),
});

export function operation(summary: string, options: { security?: 'admin' | 'device' | 'relyingParty'; body?: Schema; response?: Schema; status?: number; errors?: Record<number, string> }) {
  return {
    summary,
    ...(options.security ? { security: [{ [options.security]: [] }] } : {}),
    ...(options.body ? { requestBody: { required: true, ...json(options.body) } } : {}),
    responses: {
      [options.status ?? 200]: { description: 'OK', ...(options.response ? json(options.response) : {}) },
      ...Object.fromEntries(Object.entries(options.errors ?? {}).map(([status, text]) => [status, errorResponse(text)])),
    },
  };
}

/** The paging of /sync/pull and /sync/verdicts. */
const cursorParameters = [
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
];

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'shelterkey API', version: SERVER_VERSION },
    components: {
      securitySchemes: {
        admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        device: { type: 'http', scheme: 'bearer', description: 'Device token from /devices/enroll' },
        relyingParty: { type: 'http', scheme: 'bearer', description: 'API key of a relying system (POST /admin/relying-parties)' },
      },
      schemas: { ShelterEvent: z.toJSONSchema(shelterEventSchema, { io: 'input' }) },
    },
    paths: {
      '/api/v1/health': { get: operation('Server and database status', {}) },
      '/api/v1/admin/shelters': {
        post: operation('Create a shelter', { security: 'admin', body: api.createShelterRequest, response: api.createShelterResponse, status: 201, errors: { 400: 'Invalid body', 401: 'Bad admin token' } }),
        get: operation('Shelters with devices, last sync and open alerts', { security: 'admin', response: api.shelterListResponse, errors: { 401: 'Bad admin token' } }),
      },
      '/api/v1/admin/shelters/{id}/enrollment-codes': {
        post: operation('A short, single-use, expiring enrollment code', { security: 'admin', response: api.enrollmentCodeResponse, status: 201, errors: { 404: 'No such shelter' } }),
      },
      '/api/v1/admin/shelters/{id}/summary': {
        get: operation('Counts for one shelter', { security: 'admin', response: api.shelterSummaryResponse, errors: { 404: 'No such shelter' } }),
      },
      '/api/v1/admin/shelters/{id}/registry.csv': {
        get: { summary: "The shelter's registry as CSV (UTF-8 with BOM)", security: [{ admin: [] }], responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, 404: errorResponse('No such shelter') } },
      },
      '/api/v1/admin/devices/{id}/revoke': {
        post: operation('Revoke a device token', { security: 'admin', status: 204, errors: { 404: 'No such active device' } }),
      },
      '/api/v1/devices/enroll': {
        post: operation('Exchange an enrollment code for a device token', { body: api.enrollRequest, response: api.enrollResponse, status: 201, errors: { 400: 'Code unknown, used or expired', 429: 'Too many attempts' } }),
      },
      '/api/v1/sync/push': {
        post: operation('Store a batch of events exactly once; final verdicts for card validations', {
          security: 'device',
          body: api.pushRequest,
          response: api.pushResponse,
          errors: { 400: 'Malformed batch: nothing stored', 401: 'No or bad device token', 403: 'Event of another shelter', 413: 'Batch too large: split it', 507: 'The server has no room left: nothing stored, send again later' },
        }),
      },
      '/api/v1/sync/pull': {
        get: {
          ...operation('Events of the other devices of this shelter after a cursor', { security: 'device', response: api.pullResponse, errors: { 401: 'No or bad device token' } }),
          parameters: cursorParameters,
        },
      },
      '/api/v1/sync/verdicts': {
        get: {
          ...operation("Final verdicts of this shelter's card validations (every device's), stored or changed after a cursor, in change order", {
            security: 'device',
            response: api.verdictFeedResponse,
            errors: { 401: 'No or bad device token' },
          }),
          parameters: cursorParameters,
        },
      },
      ...myKeyPaths(),
      ...revocationPaths(),
    },
  };
}

const binary = (type: string) => ({ content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

/** CRL import for coordinators, revocation packages for devices (src/revocation/package/format.ts). */
function revocationPaths(): Record<string, unknown> {
  const crlImport = operation('Import a CRL (the body, DER or PEM, streamed; at most CRL_MAX_MB): verified against the JPKI trust store, indexed, published to devices', {
    security: 'admin',
    response: api.crlImportResponse,
    status: 201,
    errors: {
      400: 'Malformed, unsupported, or not signed by a trusted JPKI CA (the code names which)',
      401: 'Bad admin token',
      409: 'Older than the list held, a delta that does not apply, or another import finished first',
      413: 'Larger than CRL_MAX_MB',
    },
  });
  return {
    '/api/v1/admin/crls': {
      post: {
        ...crlImport,
        responses: { ...crlImport.responses, 200: { description: 'The same list was already held (status "unchanged")', ...json(api.crlImportResponse) } },
        requestBody: { required: true, content: Object.fromEntries(CRL_CONTENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) },
      },
      get: operation('Revocation lists the server holds, per CA', { security: 'admin', response: api.crlListResponse, errors: { 401: 'Bad admin token' } }),
    },
    '/api/v1/admin/shelters/{id}/alerts': {
      get: operation('Open alerts of a shelter: card validations re-checked as revoked at check-in time', { security: 'admin', response: api.shelterAlertsResponse, errors: { 404: 'No such shelter' } }),
    },
    '/api/v1/admin/alerts/{id}/acknowledge': {
      post: operation('Acknowledge an alert: it leaves the open alerts and their count (idempotent)', {
        security: 'admin',
        response: api.alertAcknowledgedResponse,
        errors: { 401: 'Bad admin token', 404: 'No such alert' },
      }),
    },
    '/api/v1/revocation/packages': {
      get: operation("The revocation lists published, per CA: current version, CRL number, dates, snapshot size and the deltas held; and the server's publishing key", {
        security: 'device',
        response: api.revocationPackageList,
        errors: { 401: 'No or bad device token' },
      }),
    },
    '/api/v1/revocation/packages/{issuerKeyId}': {
      get: {
        summary: 'The next package of a CA after version `since`: the delta from it when cheaper, else the snapshot; signed with the Ed25519 publishing key',
        security: [{ device: [] }],
        parameters: [
          { name: 'issuerKeyId', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{2,128}$' } },
          { name: 'since', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 }, description: 'The version held (0: none)' },
        ],
        responses: {
          200: { description: 'A package (header x-package-version: its version)', ...binary(REVOCATION_PACKAGE_TYPE) },
          204: { description: 'Up to date' },
          401: errorResponse('No or bad device token'),
          404: errorResponse('No list of this CA'),
        },
      },
    },
  };
}
