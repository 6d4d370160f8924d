/**
 * The JPKI certificate profile (公的個人認証サービス; DOMAIN.md §2-3, ../shared/data/jpki-ca):
 * CA names `C=JP, O=JPKI, OU=JPKI for user authentication | JPKI for digital signature,
 * OU=Japan Agency for Local Authority Information Systems`, shared by every CA generation (the
 * issuer is told apart by key identifier); user-authentication certificates with the subject
 * `C=JP, CN=<MyKey ID>`, key usage digitalSignature, not a CA, notAfter on the holder's
 * birthday. Training certificates follow the same profile under `O=JPKI TRAINING`, so nothing
 * made for training can pass for J-LIS's.
 */
import { isWithinValidity, parseCertificate, type Certificate } from './certificate.ts';
import { canIssueCertificates, verifyIssuedByTrustStore, type ChainResult } from './chain.ts';
import { myKeyIdOf, MyKeyIdFormatError, type MyKeyId } from './mykey-id.ts';
import type { DistinguishedName } from './name.ts';
import { OID } from './oids.ts';
import { parsePem } from './pem.ts';
import { JPKI_CA_CERTIFICATES, type JpkiCaKind } from './trust/jpki.ts';
import { TrustStore } from './trust-store.ts';

export type { JpkiCaKind };

export const JPKI_ORGANIZATION = 'JPKI';
export const JPKI_TRAINING_ORGANIZATION = 'JPKI TRAINING';
export const JLIS_UNIT = 'Japan Agency for Local Authority Information Systems';
export const JPKI_CA_UNIT: Readonly<Record<JpkiCaKind, string>> = {
  'user-authentication': 'JPKI for user authentication',
  'digital-signature': 'JPKI for digital signature',
};

export interface JpkiNameAttribute {
  type: string;
  value: string;
}

/** The CA DN of `kind`, in encoding order (most significant first). */
export function jpkiCaName(kind: JpkiCaKind, options: { training?: boolean } = {}): JpkiNameAttribute[] {
  return [
    { type: OID.countryName, value: 'JP' },
    { type: OID.organizationName, value: options.training ? JPKI_TRAINING_ORGANIZATION : JPKI_ORGANIZATION },
    { type: OID.organizationalUnitName, value: JPKI_CA_UNIT[kind] },
    { type: OID.organizationalUnitName, value: JLIS_UNIT },
  ];
}

export interface JpkiIssuer {
  kind: JpkiCaKind;
  training: boolean;
}

/** Which JPKI CA (or training CA) a name is, by the exact DN pattern. */
export function classifyJpkiName(name: DistinguishedName): JpkiIssuer | undefined {
  for (const kind of ['user-authentication', 'digital-signature'] as const) {
    for (const training of [false, true]) {
      const expected = jpkiCaName(kind, { training });
      const same =
        name.attributes.length === expected.length &&
        expected.every((a, i) => name.attributes[i]?.type === a.type && name.attributes[i]?.value === a.value);
      if (same) return { kind, training };
    }
  }
  return undefined;
}

/** A JPKI root: self-issued with the CA pattern, a CA allowed to sign certificates and CRLs. */
export function isJpkiCaCertificate(certificate: Certificate): boolean {
  const issuer = classifyJpkiName(certificate.subject);
  return (
    issuer !== undefined &&
    certificate.subject.text === certificate.issuer.text &&
    canIssueCertificates(certificate) &&
    certificate.keyUsage?.has('cRLSign') === true
  );
}

/** The generation label of a CA certificate: the year it became valid ("2015", "2019", "2023"). */
export function jpkiGeneration(ca: Certificate): string {
  return String(ca.notBefore.getUTCFullYear());
}

export type UserAuthProfileProblem = 'issuer-not-jpki' | 'not-user-authentication' | 'is-ca' | 'key-usage' | 'subject' | 'version';

export type UserAuthProfileCheck =
  | { ok: true; training: boolean; mykeyId: MyKeyId }
  | { ok: false; problems: UserAuthProfileProblem[] };

export function checkUserAuthProfile(certificate: Certificate): UserAuthProfileCheck {
  const problems: UserAuthProfileProblem[] = [];
  const issuer = classifyJpkiName(certificate.issuer);
  if (!issuer) problems.push('issuer-not-jpki');
  else if (issuer.kind !== 'user-authentication') problems.push('not-user-authentication');
  if (certificate.version !== 3) problems.push('version');
  if (certificate.basicConstraints?.ca === true) problems.push('is-ca');
  if (certificate.keyUsage?.has('digitalSignature') !== true) problems.push('key-usage');
  let mykeyId: MyKeyId | undefined;
  try {
    mykeyId = myKeyIdOf(certificate);
  } catch (error) {
    if (!(error instanceof MyKeyIdFormatError)) throw error;
    problems.push('subject');
  }
  if (problems.length > 0 || !mykeyId || !issuer) return { ok: false, problems };
  return { ok: true, training: issuer.training, mykeyId };
}

export type UserAuthStatus = 'valid' | 'not-user-authentication' | 'untrusted' | 'expired' | 'not-yet-valid';

export interface UserAuthValidation {
  status: UserAuthStatus;
  profile: UserAuthProfileCheck;
  chain: ChainResult | undefined;
}

/**
 * Profile, chain to the trust store (issuer chosen by key identifier among generations) and the
 * validity period, at `at`. Revocation is the revocation engine's part.
 */
export async function validateUserAuthCertificate(certificate: Certificate, trustStore: TrustStore, at: Date): Promise<UserAuthValidation> {
  const profile = checkUserAuthProfile(certificate);
  if (!profile.ok) return { status: 'not-user-authentication', profile, chain: undefined };
  const chain = await verifyIssuedByTrustStore(certificate, trustStore, at);
  if (!chain.trusted) {
    // A certificate whose CA generation has expired is expired too (RFC 5280 §6.1.3 (a)(2)).
    const status = chain.problem === 'issuer-not-valid' && at.getTime() > certificate.notBefore.getTime() ? 'expired' : 'untrusted';
    return { status, profile, chain };
  }
  if (at.getTime() < certificate.notBefore.getTime()) return { status: 'not-yet-valid', profile, chain };
  if (!isWithinValidity(certificate, at)) return { status: 'expired', profile, chain };
  return { status: 'valid', profile, chain };
}

/** The production trust store: J-LIS's JPKI CA certificates of `kind` (both kinds when omitted). */
export function productionJpkiTrustStore(kind?: JpkiCaKind): TrustStore {
  const entries = JPKI_CA_CERTIFICATES.filter((e) => kind === undefined || e.kind === kind);
  return new TrustStore(entries.flatMap((e) => parsePem(e.pem)).map((block) => parseCertificate(block.der)));
}
