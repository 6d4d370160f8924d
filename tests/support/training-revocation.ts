/**
 * Revocation test data from the committed training JPKI hierarchy: signed training CRLs of the
 * 2023 user-authentication CA (any subset of the training residents, any list number), and card
 * validation events carrying a training resident's certificate, as a device records them.
 */
import { v7 as uuidv7 } from 'uuid';
import { TRAINING_RESIDENTS, trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { revokedEntries } from '../../src/card/training/training-crl.ts';
import { buildCrl, type CrlEntrySpec } from '../../src/card/training/x509-builder.ts';
import type { TrainingAuthority } from '../../src/card/training/training-authority.ts';
import type { TrustStore } from '../../src/pki/trust-store.ts';
import type { EventOf } from '../../src/protocol/events.ts';
import { base64ToBytes } from '../../src/protocol/encoding.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';

export { trainingAuthority };

/** R07's user-authentication certificate (2023 generation) is on hold from 2026-11-02T00:30Z. */
export const REVOKED_RESIDENT = 'R07';
export const REVOKED_AT = '2026-11-02T00:30:00.000Z';
/** R01's (2023 generation) is never revoked. */
export const VALID_RESIDENT = 'R01';

export interface TrainingCrlOptions {
  crlNumber: bigint;
  thisUpdate: Date;
  /** Residents the list may name (default: all, so R07 is listed once thisUpdate passes REVOKED_AT). */
  residents?: readonly string[];
  nextUpdate?: Date;
  /** Made-up serials listed besides the residents' (entries 0 … n − 1 of a fixed sequence), so lists have a size. */
  filler?: number;
  /** Filler entries left out (a hold released): their indexes. */
  fillerReleased?: readonly number[];
  /** Residents whose certificate this list revokes besides what the training data says (a card lost since). */
  alsoRevoked?: readonly { residentId: string; revokedAt: Date; reasonCode: number }[];
}

/** Filler entry i: a serial no training card has (leading 0x7E), revoked in 2025. */
export function fillerEntry(i: number): CrlEntrySpec {
  const serialNumber = Uint8Array.of(0x7e, 0x11, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff, 0x42);
  return { serialNumber, revocationDate: new Date(Date.UTC(2025, 0, 1) + i * 60_000), reasonCode: [4, 5, 3, 6][i % 4] };
}

/** DER of a training CRL of the 2023 user-authentication CA. */
export async function trainingUserAuthCrl(authority: TrainingAuthority, options: TrainingCrlOptions): Promise<Uint8Array<ArrayBuffer>> {
  const residents = options.residents ? TRAINING_RESIDENTS.filter((r) => options.residents?.includes(r.id)) : TRAINING_RESIDENTS;
  const released = new Set(options.fillerReleased ?? []);
  const filler = Array.from({ length: options.filler ?? 0 }, (_, i) => i).filter((i) => !released.has(i)).map(fillerEntry);
  const ca = authority.ca('user-authentication', '2023');
  return buildCrl({
    issuer: ca.name,
    issuerPrivateKey: ca.privateKey,
    authorityKeyIdentifier: ca.keyIdentifier,
    crlNumber: options.crlNumber,
    thisUpdate: options.thisUpdate,
    nextUpdate: options.nextUpdate ?? new Date(options.thisUpdate.getTime() + 7 * 86_400_000),
    entries: [...filler, ...revokedEntries(residents, 'user-authentication', ca.generation, options.thisUpdate), ...(options.alsoRevoked ?? []).map(extraEntry)],
  });
}

function extraEntry({ residentId, revokedAt, reasonCode }: { residentId: string; revokedAt: Date; reasonCode: number }): CrlEntrySpec {
  const { serialNumber } = parseCertificate(base64ToBytes(trainingResident(residentId).userAuth.certificate));
  return { serialNumber, revocationDate: revokedAt, reasonCode };
}

export interface ListsAroundR07 {
  /** What the server trusts: the training hierarchy. */
  trust: TrustStore;
  /** A list of 2026-11-18 (number 100) that does not name R07 yet. */
  withoutR07: Uint8Array<ArrayBuffer>;
  /** The next one (101, 2026-11-19), which does. */
  withR07: Uint8Array<ArrayBuffer>;
}

export async function listsAroundR07(): Promise<ListsAroundR07> {
  const authority = await trainingAuthority();
  return {
    trust: authority.trustStore(),
    withoutR07: await trainingUserAuthCrl(authority, { crlNumber: 100n, thisUpdate: new Date('2026-11-18T00:00:00Z'), residents: allBut(REVOKED_RESIDENT) }),
    withR07: await trainingUserAuthCrl(authority, { crlNumber: 101n, thisUpdate: new Date('2026-11-19T00:00:00Z') }),
  };
}

/** Every training resident but `residentId`. */
export function allBut(residentId: string): string[] {
  return TRAINING_RESIDENTS.map((r) => r.id).filter((id) => id !== residentId);
}

/** A card validation as a device records it: the local verdict was "valid", with no list. */
export function validationEvent(shelterId: string, residentId: string, occurredAt: Date, sequence: number): EventOf<'card.validated'> {
  return {
    id: uuidv7({ msecs: occurredAt.getTime() }),
    type: 'card.validated',
    occurredAt: occurredAt.toISOString(),
    sequence,
    shelterId,
    payload: { certificate: trainingResident(residentId).userAuth.certificate, verdict: { status: 'valid' }, revocationData: null },
  };
}
