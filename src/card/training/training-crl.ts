/**
 * Training CRLs (RFC 5280 §5): a v2 CRL per CA kind and generation, signed by that training
 * CA, with a cRLNumber and an authorityKeyIdentifier, listing the revoked training residents'
 * certificates it issued with their reasonCode entry extensions and revocation dates. Training
 * mode and tests load them into the revocation engine like J-LIS's.
 */
import { parseCertificate } from '../../pki/certificate.ts';
import type { JpkiCaKind } from '../../pki/jpki-profile.ts';
import { base64ToBytes } from '../../protocol/encoding.ts';
import type { TrainingResident } from './resident-generator.ts';
import type { TrainingAuthority } from './training-authority.ts';
import type { TrainingRevocationReason } from './training-data-types.ts';
import { buildCrl, type CrlEntrySpec } from './x509-builder.ts';

/** RFC 5280 §5.3.1 CRLReason values. */
export const CRL_REASON_CODES: Readonly<Record<TrainingRevocationReason, number>> = {
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
};

export interface TrainingCrlOptions {
  kind: JpkiCaKind;
  /** The issuing generation ("2019", "2023"); default: the one issuing at thisUpdate. */
  generation?: string;
  residents: readonly TrainingResident[];
  /** Default: now, to the second. */
  thisUpdate?: Date;
  /** Default: thisUpdate + 1 day. */
  nextUpdate?: Date;
  /** Default: thisUpdate in seconds, so later CRLs have larger numbers. */
  crlNumber?: bigint;
}

/** The entries a CRL of `kind` and `generation` lists at `thisUpdate`. */
export function revokedEntries(residents: readonly TrainingResident[], kind: JpkiCaKind, generation: string, thisUpdate: Date): CrlEntrySpec[] {
  const entries: CrlEntrySpec[] = [];
  for (const resident of residents) {
    const certificate = kind === 'user-authentication' ? resident.userAuth : resident.signing;
    const mark = kind === 'user-authentication' ? resident.revocation.userAuth : resident.revocation.signing;
    if (!certificate || !mark || certificate.generation !== generation) continue;
    const revocationDate = new Date(mark.revokedAt);
    if (revocationDate.getTime() > thisUpdate.getTime()) continue;
    entries.push({ serialNumber: parseCertificate(base64ToBytes(certificate.certificate)).serialNumber, revocationDate, reasonCode: CRL_REASON_CODES[mark.reason] });
  }
  return entries.sort((a, b) => a.revocationDate.getTime() - b.revocationDate.getTime());
}

/** DER of a training CRL. */
export async function createTrainingCrl(authority: TrainingAuthority, options: TrainingCrlOptions): Promise<Uint8Array<ArrayBuffer>> {
  const thisUpdate = options.thisUpdate ?? new Date(Math.floor(Date.now() / 1000) * 1000);
  const ca = options.generation ? authority.ca(options.kind, options.generation) : authority.issuingCa(options.kind, thisUpdate);
  return buildCrl({
    issuer: ca.name,
    issuerPrivateKey: ca.privateKey,
    authorityKeyIdentifier: ca.keyIdentifier,
    crlNumber: options.crlNumber ?? BigInt(Math.floor(thisUpdate.getTime() / 1000)),
    thisUpdate,
    nextUpdate: options.nextUpdate ?? new Date(thisUpdate.getTime() + 86_400_000),
    entries: revokedEntries(options.residents, options.kind, ca.generation, thisUpdate),
  });
}

/** One CRL per kind and per generation still valid at thisUpdate. */
export async function createTrainingCrlSet(
  authority: TrainingAuthority,
  options: Omit<TrainingCrlOptions, 'kind' | 'generation'>,
): Promise<{ kind: JpkiCaKind; generation: string; der: Uint8Array<ArrayBuffer> }[]> {
  const thisUpdate = options.thisUpdate ?? new Date(Math.floor(Date.now() / 1000) * 1000);
  const live = authority.cas.filter((ca) => ca.certificate.notBefore <= thisUpdate && thisUpdate <= ca.certificate.notAfter);
  return Promise.all(
    live.map(async (ca) => ({ kind: ca.kind, generation: ca.generation, der: await createTrainingCrl(authority, { ...options, thisUpdate, kind: ca.kind, generation: ca.generation }) })),
  );
}
