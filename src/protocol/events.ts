/**
 * Shelter events: immutable facts created on a device, stored once on the server. Shared by the
 * app (which creates them) and the server (which enforces them), so both sides accept exactly
 * the same shapes. Never the individual number (My Number): there is no field for it.
 */
import { z } from 'zod';

const uuid = z.uuid();
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const shortText = (max: number) => z.string().trim().max(max);
const mykeyId = z.string().regex(/^[A-Z0-9]{23}$/);
const certificateFingerprint = z.string().regex(/^[0-9a-f]{64}$/);

export const SEX_VALUES = ['male', 'female', 'not_known', 'not_applicable'] as const;

export const residentDetailsSchema = z.object({
  /** Full name as on the card (family and given names separated by U+3000) or as typed. */
  name: shortText(200).min(1),
  nameKana: shortText(200).optional(),
  address: shortText(500).optional(),
  birthDate: isoDate.optional(),
  sex: z.enum(SEX_VALUES).optional(),
  contact: z.object({ phone: shortText(40).optional(), note: shortText(500).optional() }).strict().optional(),
  needs: z
    .object({
      medical: shortText(1000).optional(),
      allergies: shortText(1000).optional(),
      mobility: shortText(1000).optional(),
      other: shortText(1000).optional(),
    })
    .strict()
    .optional(),
  /** Residents registered together (family, group) share one household id. */
  householdId: uuid.optional(),
});

export const REGISTRATION_SOURCES = ['card_pin', 'card_numbers', 'card_certificate', 'manual'] as const;

const revocationDataVersion = z
  .object({
    issuerKeyId: z.string().regex(/^[0-9a-f]{2,128}$/),
    crlNumber: z.string().regex(/^[0-9]{1,50}$/),
    thisUpdate: isoDateTime,
    nextUpdate: isoDateTime.optional(),
  })
  .strict();

export const VERDICT_STATUSES = ['valid', 'revoked', 'unknown', 'invalid'] as const;

export const localVerdictSchema = z
  .object({
    status: z.enum(VERDICT_STATUSES),
    /** RFC 5280 reason name for revoked, or the problem for invalid/unknown. */
    reason: shortText(100).optional(),
    revokedAt: isoDateTime.optional(),
  })
  .strict();

const payloads = {
  'resident.registered': residentDetailsSchema
    .extend({
      residentId: uuid,
      source: z.enum(REGISTRATION_SOURCES),
      /** MyKey ID from the user-authentication certificate's subject CN (23 characters). */
      mykeyId: mykeyId.optional(),
      /** SHA-256 of the user-authentication certificate, lowercase hex. */
      certificateFingerprint: certificateFingerprint.optional(),
      /** The card's integrity record verified the four attributes. */
      attributesVerified: z.boolean(),
    })
    .strict(),
  'resident.updated': z.object({ residentId: uuid, changes: residentDetailsSchema.partial().strict() }).strict(),
  'resident.checked_in': z.object({ residentId: uuid, method: z.enum(['card', 'returning', 'manual']) }).strict(),
  'resident.checked_out': z.object({ residentId: uuid, note: shortText(500).optional() }).strict(),
  'resident.transferred': z
    .object({ residentId: uuid, toShelterName: shortText(200).min(1), toShelterId: z.string().max(64).optional() })
    .strict(),
  'card.validated': z
    .object({
      residentId: uuid.optional(),
      /** The user-authentication certificate, base64 DER: the server re-checks it after sync. */
      certificate: z.base64().max(16_384),
      verdict: localVerdictSchema,
      /** The revocation list the device used; null when it had none for this issuer. */
      revocationData: revocationDataVersion.nullable(),
      /**
       * With residentId: the card's MyKey ID and certificate SHA-256 (lowercase hex), so every
       * device recognises this card as that resident's (a renewed certificate linked by staff).
       */
      mykeyId: mykeyId.optional(),
      certificateFingerprint: certificateFingerprint.optional(),
    })
    .strict(),
  'service.linked': z
    .object({ residentId: uuid, serviceName: shortText(200).min(1), serviceId: shortText(200).min(1) })
    .strict(),
  /** Staff have seen the alert raised for this card validation and acted on it. */
  'alert.acknowledged': z.object({ validationEventId: uuid }).strict(),
} as const;

export type EventType = keyof typeof payloads;
export const EVENT_TYPES = Object.keys(payloads) as EventType[];

const envelope = {
  /** UUID v7, made on the device: the idempotency key of the whole sync. */
  id: z.uuid({ version: 'v7' }),
  /** Device clock when the thing happened, with its UTC offset. */
  occurredAt: isoDateTime,
  /** Per-device monotonic counter (1, 2, 3…), independent of the clock. */
  sequence: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  shelterId: z.string().min(1).max(64),
};

function eventOf<T extends EventType>(type: T) {
  return z.object({ ...envelope, type: z.literal(type), payload: payloads[type] }).strict();
}

export const shelterEventSchema = z.discriminatedUnion('type', [
  eventOf('resident.registered'),
  eventOf('resident.updated'),
  eventOf('resident.checked_in'),
  eventOf('resident.checked_out'),
  eventOf('resident.transferred'),
  eventOf('card.validated'),
  eventOf('service.linked'),
  eventOf('alert.acknowledged'),
]);

export type ShelterEvent = z.infer<typeof shelterEventSchema>;
export type EventOf<T extends EventType> = Extract<ShelterEvent, { type: T }>;
export type PayloadOf<T extends EventType> = EventOf<T>['payload'];
export type ResidentDetails = z.infer<typeof residentDetailsSchema>;
export type LocalVerdict = z.infer<typeof localVerdictSchema>;
export type RevocationDataVersion = z.infer<typeof revocationDataVersion>;
