/**
 * Request and response bodies of the HTTP API (/api/v1), validated on both sides and published
 * as OpenAPI from these same schemas.
 */
import { z } from 'zod';
import { shelterEventSchema, VERDICT_STATUSES } from './events.ts';

// Admin (Authorization: Bearer $ADMIN_TOKEN)
export const createShelterRequest = z.object({ name: z.string().trim().min(1).max(200) }).strict();
export const createShelterResponse = z.object({ id: z.string(), name: z.string() });
export const enrollmentCodeRequest = z
  .object({ ttlMinutes: z.int().min(1).max(24 * 60).optional() })
  .strict()
  .optional();
export const enrollmentCodeResponse = z.object({ code: z.string(), expiresAt: z.string() });
export const shelterSummaryResponse = z.object({
  events: z.int(),
  residents: z.int(),
  checkedIn: z.int(),
  devices: z.int(),
  alerts: z.int(),
});
export const shelterListResponse = z.object({
  shelters: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      devices: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          lastSyncAt: z.string().nullable(),
          pendingEvents: z.int().nullable(),
          revoked: z.boolean(),
        }),
      ),
      events: z.int(),
      checkedIn: z.int(),
      openAlerts: z.int(),
    }),
  ),
});

// Devices
export const enrollRequest = z
  .object({
    code: z.string().trim().min(4).max(32),
    deviceName: z.string().trim().min(1).max(100),
    /** The shelter id the device used for events made before it was enrolled. */
    provisionalShelterId: z.string().min(1).max(64).optional(),
  })
  .strict();
export const enrollResponse = z.object({
  deviceId: z.string(),
  token: z.string(),
  shelter: z.object({ id: z.string(), name: z.string() }),
  /** The server's Ed25519 publishing key (raw 32 bytes, base64): the device pins it to verify revocation packages. */
  publishingKey: z.base64().length(44),
});

// Sync
export const MAX_PUSH_EVENTS = 1000;

export const pushRequest = z
  .object({
    events: z.array(shelterEventSchema).min(1).max(MAX_PUSH_EVENTS),
    /** The device clock when it sent the batch: lets the server correct a clock that is off. */
    deviceTime: z.iso.datetime({ offset: true }).optional(),
    /** Events still waiting on the device after this batch (shown to coordinators). */
    pendingAfter: z.int().min(0).optional(),
  })
  .strict();

export const finalVerdict = z.object({
  eventId: z.string(),
  status: z.enum(VERDICT_STATUSES),
  reason: z.string().optional(),
  /** Plain-language meaning of a revocation reason (Japanese and English). */
  meaning: z.object({ ja: z.string(), en: z.string() }).optional(),
  revokedAt: z.string().optional(),
  /** The final status differs from the one the device showed. */
  changed: z.boolean(),
  /** The certificate was already revoked when the device accepted it. */
  revokedAtCheckIn: z.boolean(),
  checkedAt: z.string(),
  /** The alert this verdict raised was acknowledged (by a tablet or the coordinators), when. */
  alertAcknowledgedAt: z.string().optional(),
});
export const pushResponse = z.object({
  acknowledged: z.array(z.string()),
  verdicts: z.array(finalVerdict),
});

export const pulledEvent = z.object({
  event: shelterEventSchema,
  deviceId: z.string(),
  receivedAt: z.string(),
});
export const pullResponse = z.object({
  events: z.array(pulledEvent),
  cursor: z.string(),
  hasMore: z.boolean(),
});

/** GET /sync/verdicts: the shelter's final verdicts in the order they were stored or changed. */
export const verdictFeedResponse = z.object({
  verdicts: z.array(finalVerdict),
  cursor: z.string(),
  hasMore: z.boolean(),
});

// Revocation data (devices: list, then GET /api/v1/revocation/packages/{issuerKeyId}?since=N)
export const revocationPackageList = z.object({
  publishingKey: z.base64(),
  issuers: z.array(
    z.object({
      issuerKeyId: z.string().regex(/^[0-9a-f]{2,128}$/),
      issuer: z.string(),
      /** The server's current version of this issuer's index (1, 2, 3…). */
      version: z.int().min(1),
      crlNumber: z.string().nullable(),
      thisUpdate: z.string(),
      nextUpdate: z.string().nullable(),
      entries: z.int(),
      snapshotBytes: z.int(),
      deltas: z.array(z.object({ fromVersion: z.int(), toVersion: z.int(), bytes: z.int() })),
    }),
  ),
});

// CRL import (admin): POST /api/v1/admin/crls with the CRL as the body (DER or PEM)
export const crlImportResponse = z.object({
  issuerKeyId: z.string(),
  issuer: z.string(),
  version: z.int(),
  status: z.enum(['imported', 'unchanged']),
  delta: z.boolean(),
  crlNumber: z.string().nullable(),
  thisUpdate: z.string(),
  nextUpdate: z.string().nullable(),
  entries: z.int(),
  deltaPublished: z.boolean(),
  /** Card validations already synced that the new list may change, looked at again; new alerts among them. */
  rechecked: z.int(),
  newAlerts: z.int(),
});
export const crlListResponse = z.object({
  crls: z.array(
    z.object({
      issuerKeyId: z.string(),
      issuer: z.string(),
      version: z.int(),
      crlNumber: z.string().nullable(),
      thisUpdate: z.string(),
      nextUpdate: z.string().nullable(),
      entries: z.int(),
      source: z.string(),
      importedAt: z.string(),
    }),
  ),
});

// Alerts of one shelter (admin): validations that turned out revoked at check-in time
export const shelterAlertsResponse = z.object({
  alerts: z.array(
    z.object({
      id: z.string(),
      eventId: z.string(),
      kind: z.string(),
      createdAt: z.string(),
      /** When the card was seen (device clock corrected by its measured offset). */
      occurredAt: z.string(),
      deviceName: z.string(),
      residentId: z.string().nullable(),
      reason: z.string().nullable(),
      meaning: z.object({ ja: z.string(), en: z.string() }).nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
});

// A coordinator acknowledged an alert (admin); acknowledging again answers the first time
export const alertAcknowledgedResponse = z.object({ id: z.string(), acknowledgedAt: z.string() });

export type CreateShelterRequest = z.infer<typeof createShelterRequest>;
export type EnrollRequest = z.infer<typeof enrollRequest>;
export type EnrollResponse = z.infer<typeof enrollResponse>;
export type PushRequest = z.infer<typeof pushRequest>;
export type PushResponse = z.infer<typeof pushResponse>;
export type FinalVerdict = z.infer<typeof finalVerdict>;
export type PullResponse = z.infer<typeof pullResponse>;
export type VerdictFeedResponse = z.infer<typeof verdictFeedResponse>;
export type ShelterSummary = z.infer<typeof shelterSummaryResponse>;
export type RevocationPackageList = z.infer<typeof revocationPackageList>;
export type CrlImportResponse = z.infer<typeof crlImportResponse>;
export type CrlListResponse = z.infer<typeof crlListResponse>;
export type ShelterAlerts = z.infer<typeof shelterAlertsResponse>;
export type AlertAcknowledged = z.infer<typeof alertAcknowledgedResponse>;
