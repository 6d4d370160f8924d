/** The MyKey functions' tables (migration 0006-mykey), part of ServerDatabase. */

export interface MyKeyRelyingPartyTable {
  id: string;
  name: string;
  api_key_hash: string;
  /** The system's PPID key (HMAC-SHA-256), hex. */
  ppid_secret: string;
  /** Comma-separated RelyingPartyScope values. */
  scopes: string;
  rate_limit_per_minute: number;
  created_at: string;
  disabled_at: string | null;
}

export interface MyKeyPersonTable {
  id: string;
  created_at: string;
  /** Keyed hash of the normalized 4 attributes (renewal proof); never the attributes. */
  attributes_digest: string | null;
  attributes_registered_at: string | null;
}

export interface MyKeyCertificateTable {
  /** SHA-256 of the DER, hex: how a presented certificate is found. */
  certificate_hash: string;
  person_id: string;
  /** Hex authority key identifier: with the serial, what CRLs and J-LIS name a certificate by. */
  issuer_key_id: string;
  /** Uppercase hex, as OpenSSL prints it. */
  serial: string;
  mykey_id: string;
  not_after: string;
  joined_at: string;
  /** How the certificate joined its person: first-seen, attributes, serial-link, operator. */
  joined_by: string;
}

export interface MyKeyPersonAttributesTable {
  person_id: string;
  name: string | null;
  address: string | null;
  birth_date: string | null;
  sex: string | null;
  updated_at: string;
}

export interface MyKeyConsentTable {
  id: string;
  person_id: string;
  relying_party_id: string;
  item: string;
  given_at: string;
  given_via: string;
  withdrawn_at: string | null;
  withdrawn_via: string | null;
}

export interface MyKeyLinkTable {
  relying_party_id: string;
  service_id: string;
  person_id: string;
  linked_at: string;
  linked_via: string;
}

export interface MyKeyChallengeTable {
  id: string;
  device_id: string;
  /** 32 random bytes, hex. */
  challenge: string;
  expires_at: string;
  used_at: string | null;
}

export interface MyKeyFeeSubjectTable {
  relying_party_id: string;
  certificate_type: string;
  year: number;
  subject_digest: string;
}

export interface MyKeyFeeCountTable {
  relying_party_id: string;
  certificate_type: string;
  /** YYYY-MM, Japan time. */
  month: string;
  checks: number;
  billable: number;
}

export interface MyKeyDatabase {
  mykey_relying_parties: MyKeyRelyingPartyTable;
  mykey_persons: MyKeyPersonTable;
  mykey_certificates: MyKeyCertificateTable;
  mykey_person_attributes: MyKeyPersonAttributesTable;
  mykey_consents: MyKeyConsentTable;
  mykey_links: MyKeyLinkTable;
  mykey_challenges: MyKeyChallengeTable;
  mykey_fee_subjects: MyKeyFeeSubjectTable;
  mykey_fee_counts: MyKeyFeeCountTable;
}
