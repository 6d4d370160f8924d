/**
 * Request and response bodies of the MyKey functions (DOMAIN.md §2): relying systems (municipal
 * systems with an API key), the resident counter (an enrolled device with the resident's card),
 * and their administration. Published as OpenAPI from these same schemas.
 */
import { z } from 'zod';
import { VERDICT_STATUSES } from './events.ts';

/** What a relying system may ask for. */
export const RELYING_PARTY_SCOPES = ['validate', 'attributes', 'age-check', 'links'] as const;
export type RelyingPartyScope = (typeof RELYING_PARTY_SCOPES)[number];
export const DEFAULT_RELYING_PARTY_SCOPES: readonly RelyingPartyScope[] = ['validate', 'links'];
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/** What a resident may consent to give one system: one of the 4 attributes, or yes/no age answers. */
export const CONSENT_ITEMS = ['name', 'address', 'birthDate', 'sex', 'ageCheck'] as const;
export type ConsentItem = (typeof CONSENT_ITEMS)[number];

export const CERTIFICATE_TYPES = ['user-authentication', 'digital-signature'] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

const localized = z.object({ ja: z.string(), en: z.string() });
/** Base64 DER; JPKI certificates are about 1.2-1.4 KB. */
const certificate = z.string().min(1).max(16_384);
/** A service card's number as printed or encoded in its barcode: visible ASCII, no spaces. */
export const serviceId = z.string().trim().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'visible ASCII characters only');
const id = z.string().min(1).max(64);

// Administration (Authorization: Bearer $ADMIN_TOKEN)
export const createRelyingPartyRequest = z
  .object({
    name: z.string().trim().min(1).max(200),
    scopes: z.array(z.enum(RELYING_PARTY_SCOPES)).min(1).max(RELYING_PARTY_SCOPES.length).optional(),
    rateLimitPerMinute: z.int().min(1).max(100_000).optional(),
  })
  .strict();
const relyingPartyFields = {
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(RELYING_PARTY_SCOPES)),
  rateLimitPerMinute: z.int(),
};
export const createRelyingPartyResponse = z.object({ ...relyingPartyFields, apiKey: z.string() });
export const relyingPartyListResponse = z.object({
  relyingParties: z.array(z.object({ ...relyingPartyFields, createdAt: z.string(), disabled: z.boolean() })),
});
export const rotateKeyResponse = z.object({ apiKey: z.string() });
export const operatorRenewalRequest = z
  .object({
    /** The new user-authentication certificate. */
    certificate,
    /** The MyKey ID of a certificate the person held before (from the old card). */
    previousMyKeyId: z.string().regex(/^[A-Z0-9]{23}$/),
    /** The staff code of the operator who checked the resident's identity (no names). */
    operatorId: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
  })
  .strict();
export const renewalResponse = z.object({ mykeyId: z.string(), previousMyKeyIds: z.array(z.string()) });

// Relying systems (Authorization: Bearer <apiKey>)
export const certificateRequest = z.object({ certificate }).strict();
const verdictFields = {
  status: z.enum(VERDICT_STATUSES),
  reason: z.string().optional(),
  meaning: localized.optional(),
};
export const validateResponse = z.object({
  ...verdictFields,
  certificateType: z.enum(CERTIFICATE_TYPES).optional(),
  revokedAt: z.string().optional(),
  /** A signing certificate revoked because the 4 attributes changed: the resident may have moved. */
  attributesChanged: z.boolean().optional(),
  /** Pairwise pseudonymous id of the person for this system (user-authentication certificates). */
  ppid: z.string().optional(),
});
export const attributesResponse = z.object({
  ...verdictFields,
  ppid: z.string().optional(),
  /** Only the items the resident consented to give this system. */
  attributes: z
    .object({ name: z.string(), address: z.string(), birthDate: z.string(), sex: z.string() })
    .partial()
    .optional(),
});
export const ageCheckRequest = z.object({ certificate, atLeast: z.int().min(0).max(150) }).strict();
export const ageCheckResponse = z.object({
  ...verdictFields,
  ppid: z.string().optional(),
  atLeast: z.int(),
  /** Present when the certificate is usable: "yes" when the person is at least `atLeast` years old. */
  answer: z.enum(['yes', 'no']).optional(),
});
export const linkRequest = z.object({ certificate, serviceId }).strict();
export const linkResponse = z.object({ ppid: z.string(), serviceId: z.string(), linkedAt: z.string() });
export const linkLookupResponse = z.object({ ...verdictFields, ppid: z.string().optional(), serviceId: z.string().nullable() });
export const unlinkRequest = z.object({ serviceId }).strict();

// Resident counter (Authorization: Bearer <device token>)
export const challengeResponse = z.object({ challengeId: z.string(), challenge: z.string(), expiresAt: z.string() });
/** The resident's card signed the server's challenge with the user-authentication key (PIN). */
export const keyPossessionProof = z
  .object({ certificate, challengeId: id, signature: z.string().min(1).max(2048) })
  .strict();
export const fourAttributes = z
  .object({
    name: z.string().min(1).max(200),
    address: z.string().min(1).max(400),
    birthDate: z.iso.date(),
    sex: z.enum(['male', 'female', 'not-known', 'not-applicable', 'other']),
  })
  .strict();
export type FourAttributesInput = z.infer<typeof fourAttributes>;
export const counterProofRequest = z.object({ proof: keyPossessionProof }).strict();
export const counterAttributesRequest = z.object({ proof: keyPossessionProof, attributes: fourAttributes }).strict();
export const counterLinkRequest = z.object({ proof: keyPossessionProof, relyingPartyId: id, serviceId }).strict();
export const counterUnlinkRequest = z.object({ proof: keyPossessionProof, relyingPartyId: id }).strict();
const consentItems = z
  .array(z.enum(CONSENT_ITEMS))
  .min(1)
  .max(CONSENT_ITEMS.length)
  .refine((items) => new Set(items).size === items.length, 'each item once');
export const counterConsentRequest = z
  .object({ proof: keyPossessionProof, relyingPartyId: id, items: consentItems, attributes: fourAttributes.partial().strict() })
  .strict();
export const counterWithdrawRequest = z.object({ proof: keyPossessionProof, relyingPartyId: id, items: consentItems.optional() }).strict();
export const counterRenewalRequest = z.discriminatedUnion('method', [
  z.object({ proof: keyPossessionProof, method: z.literal('attributes'), attributes: fourAttributes }).strict(),
  z.object({ proof: keyPossessionProof, method: z.literal('serial-link') }).strict(),
]);

const counterLink = z.object({ relyingPartyId: z.string(), relyingPartyName: z.string(), serviceId: z.string(), linkedAt: z.string() });
const counterConsent = z.object({ relyingPartyId: z.string(), relyingPartyName: z.string(), item: z.enum(CONSENT_ITEMS), givenAt: z.string() });
export const counterView = z.object({
  mykeyId: z.string(),
  certificate: z.object({ ...verdictFields, notAfter: z.string() }),
  /** The server knew this card before (it has a person for it). */
  known: z.boolean(),
  /** A renewal may carry an earlier registration over to this card (the card is new here). */
  canCarryOver: z.boolean(),
  attributesRegistered: z.boolean(),
  earlierMyKeyIds: z.array(z.string()),
  links: z.array(counterLink),
  consents: z.array(counterConsent),
});
export const counterConsentsResponse = z.object({ consents: z.array(counterConsent) });
export const counterLinksResponse = z.object({ links: z.array(counterLink) });
export const counterRelyingPartiesResponse = z.object({
  relyingParties: z.array(z.object({ id: z.string(), name: z.string(), scopes: z.array(z.enum(RELYING_PARTY_SCOPES)) })),
});

export type KeyPossessionProofInput = z.infer<typeof keyPossessionProof>;
export type ValidateResponse = z.infer<typeof validateResponse>;
export type CounterView = z.infer<typeof counterView>;
