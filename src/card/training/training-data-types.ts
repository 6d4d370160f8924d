/** The shapes of the committed training data (the files under data/ are generated; see scripts/generate-training-jpki.ts). */
import type { JpkiCaKind } from '../../pki/jpki-profile.ts';

export interface TrainingCaRecord {
  kind: JpkiCaKind;
  generation: string;
  certificatePem: string;
  /** PKCS#8, training only. */
  privateKeyPem: string;
}

export interface TrainingAuthorityData {
  cas: readonly TrainingCaRecord[];
  /** Stands in for the J-LIS key that signs CV certificates. */
  cvIssuerPrivateKeyPem: string;
  /** Signs the integrity records (DF33) of training cards. */
  integrityPrivateKeyPem: string;
}

/** RFC 5280 §5.3.1 reasons used by JPKI (DOMAIN.md §2). */
export type TrainingRevocationReason = 'affiliationChanged' | 'superseded' | 'cessationOfOperation' | 'certificateHold';

export interface RevocationMark {
  reason: TrainingRevocationReason;
  /** ISO 8601, UTC. */
  revokedAt: string;
}

export interface ResidentCertificateRecord {
  generation: string;
  /** Base64 DER. */
  certificate: string;
  /** Base64 PKCS#8. */
  privateKey: string;
}

export interface TrainingResidentRecord {
  id: string;
  familyName: string;
  givenName: string;
  address: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: 'male' | 'female';
  cardIssuedOn: string;
  cardExpiresOn: string;
  securityCode: string;
  userAuth: ResidentCertificateRecord;
  /** Absent for residents who were under 15 when the card was issued. */
  signing?: ResidentCertificateRecord;
  revocation: { userAuth?: RevocationMark; signing?: RevocationMark };
}
