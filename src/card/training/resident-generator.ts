/**
 * Training residents: realistic Japanese names and addresses, birth dates from 大正 to 令和,
 * cards issued under the CA generation current at the time, user-authentication certificates
 * with a MyKey ID CN (14 random characters + a 9-character terminal code) and notAfter on the
 * 5th birthday after issue, signing certificates for residents 15 and over, optionally revoked
 * with the JPKI reasons. Names and towns come from a seeded generator; keys and serial numbers
 * are random. Used for the committed fixed set and for N fresh residents (benchmarks).
 */
import type { JpkiCaKind } from '../../pki/jpki-profile.ts';
import { OID } from '../../pki/oids.ts';
import { bytesToBase64 } from '../../protocol/encoding.ts';
import { formatIsoDate, parseDate, type CalendarDate } from '../text-ap/calendar-date.ts';
import { addDays, ageOn, daysBetween, japanDate, japanTime, nthBirthdayAfter } from './card-dates.ts';
import { BUILDINGS, FAMILY_NAMES, FOREIGN_NAMES, fullWidthDigits, GIVEN_NAMES, TOWNS } from './names.ts';
import { SeededRandom } from './prng.ts';
import type { TrainingAuthority, TrainingCa } from './training-authority.ts';
import type { ResidentCertificateRecord, RevocationMark, TrainingResidentRecord, TrainingRevocationReason } from './training-data-types.ts';
import { buildCertificate, generateRsaKeyPair } from './x509-builder.ts';

export type TrainingResident = TrainingResidentRecord;

/** Everything optional is drawn from the seeded generator. */
export interface ResidentSpec {
  id: string;
  familyName?: string;
  givenName?: string;
  sex?: 'male' | 'female';
  birthDate?: string;
  address?: string;
  cardIssuedOn?: string;
  securityCode?: string;
  revocation?: { userAuth?: RevocationMark; signing?: RevocationMark };
}

/** Where key pairs come from: fresh ones (default) or a pool reused across residents (benchmarks). */
export interface KeySource {
  next(): Promise<CryptoKeyPair>;
}

export const freshKeys: KeySource = { next: generateRsaKeyPair };

export async function keyPool(size: number): Promise<KeySource> {
  const pool = await Promise.all(Array.from({ length: size }, () => generateRsaKeyPair()));
  let i = 0;
  return { next: async () => pool[i++ % pool.length] as CryptoKeyPair };
}

const MYKEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const TERMINAL_LETTERS = 'ABCDEFGHJK';
/** Municipality codes (全国地方公共団体コード, 5 digits) of the towns, for terminal codes. */
const MUNICIPALITY_CODES: Readonly<Record<string, string>> = {
  '宮城県石巻市': '04202', '宮城県仙台市若林区': '04104', '岩手県陸前高田市': '03210', '福島県いわき市': '07204',
  '石川県輪島市': '17204', '石川県珠洲市': '17205', '熊本県熊本市東区': '43102', '熊本県上益城郡益城町': '43443',
  '広島県広島市安佐南区': '34105', '岡山県倉敷市': '33202', '兵庫県神戸市長田区': '28106', '静岡県静岡市清水区': '22103',
  '高知県高知市': '39201', '東京都江東区': '13108',
};

function randomSerial(): Uint8Array {
  const serial = crypto.getRandomValues(new Uint8Array(8));
  serial[0] = 0x10 + ((serial[0] ?? 0) % 0x70);
  return serial;
}

function randomAddress(random: SeededRandom): { address: string; municipality: string } {
  const place = random.pick(TOWNS);
  const town = random.pick(place.towns);
  let address = `${place.municipality}${town}${fullWidthDigits(random.int(1, 5))}丁目${fullWidthDigits(random.int(1, 30))}番${fullWidthDigits(random.int(1, 25))}号`;
  if (random.next() < 0.25) address += `\u3000${random.pick(BUILDINGS)}${fullWidthDigits(random.int(1, 3))}０${fullWidthDigits(random.int(1, 8))}号室`;
  return { address, municipality: place.municipality };
}

function randomDate(random: SeededRandom, from: CalendarDate, to: CalendarDate): CalendarDate {
  return addDays(from, random.int(0, Math.max(0, daysBetween(from, to))));
}

async function issue(
  ca: TrainingCa,
  subjectCn: string,
  keys: CryptoKeyPair,
  notBefore: Date,
  notAfter: Date,
  kind: JpkiCaKind,
): Promise<ResidentCertificateRecord> {
  const der = await buildCertificate({
    serialNumber: randomSerial(),
    issuer: ca.name,
    subject: [
      { type: OID.countryName, value: 'JP' },
      { type: OID.commonName, value: subjectCn },
    ],
    notBefore,
    notAfter,
    subjectPublicKey: keys.publicKey,
    issuerPrivateKey: ca.privateKey,
    authorityKeyIdentifier: ca.keyIdentifier,
    ca: false,
    keyUsage: kind === 'user-authentication' ? ['digitalSignature'] : ['digitalSignature', 'nonRepudiation'],
    crlDistributionPoint: ca.name,
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { generation: ca.generation, certificate: bytesToBase64(der), privateKey: bytesToBase64(pkcs8) };
}

/** One resident; `random` draws whatever `spec` leaves open. */
export async function makeResident(authority: TrainingAuthority, spec: ResidentSpec, random: SeededRandom, keys: KeySource = freshKeys, at: Date = new Date()): Promise<TrainingResident> {
  const today = japanDate(at);
  const foreign = spec.familyName === undefined && random.next() < 0.1 ? random.pick(FOREIGN_NAMES) : undefined;
  const sex = spec.sex ?? foreign?.sex ?? (random.next() < 0.5 ? 'male' : 'female');
  const birth = parseDate(spec.birthDate ?? '') ?? randomDate(random, { year: 1930, month: 1, day: 1 }, addDays(today, -365 * 2));
  // Cards issued within the last 4 years carry certificates still valid `at`.
  const issued = parseDate(spec.cardIssuedOn ?? '') ?? randomDate(random, maxDate(addDays(today, -4 * 365 + 2), addDays(birth, 30)), addDays(today, -7));
  const { address, municipality } = spec.address ? { address: spec.address, municipality: '' } : randomAddress(random);
  const certificateEnd = nthBirthdayAfter(birth, issued, 5);
  const cardEnd = nthBirthdayAfter(birth, issued, ageOn(birth, issued) >= 18 ? 10 : 5);
  const notBefore = japanTime(issued, random.int(9, 16), random.int(0, 59), random.int(0, 59));
  const notAfter = japanTime(certificateEnd, 23, 59, 59);
  const terminal = `${MUNICIPALITY_CODES[municipality] ?? digits(random.int(1, 47) * 1000 + random.int(100, 999), 5)}${digits(random.int(1, 30), 3)}${random.pick([...TERMINAL_LETTERS])}`;

  const userAuth = await issue(authority.issuingCa('user-authentication', notBefore), random.chars(MYKEY_ALPHABET, 14) + terminal, await keys.next(), notBefore, notAfter, 'user-authentication');
  const signing =
    ageOn(birth, issued) >= 15
      ? await issue(authority.issuingCa('digital-signature', notBefore), random.chars(MYKEY_ALPHABET, 14) + terminal, await keys.next(), notBefore, notAfter, 'digital-signature')
      : undefined;
  return {
    id: spec.id,
    familyName: spec.familyName ?? foreign?.family ?? random.pick(FAMILY_NAMES),
    givenName: spec.givenName ?? foreign?.given ?? random.pick(GIVEN_NAMES[sex]),
    address,
    birthDate: formatIsoDate(birth),
    sex,
    cardIssuedOn: formatIsoDate(issued),
    cardExpiresOn: formatIsoDate(cardEnd),
    securityCode: spec.securityCode ?? digits(random.int(0, 9999), 4),
    userAuth,
    ...(signing ? { signing } : {}),
    revocation: { ...(spec.revocation?.userAuth ? { userAuth: spec.revocation.userAuth } : {}), ...(signing && spec.revocation?.signing ? { signing: spec.revocation.signing } : {}) },
  };
}

function digits(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return daysBetween(a, b) > 0 ? b : a;
}

const REASONS: readonly TrainingRevocationReason[] = ['affiliationChanged', 'cessationOfOperation', 'superseded', 'certificateHold'];

export interface GenerateResidentsOptions {
  count: number;
  seed?: number;
  /** Residents' certificates are valid at this time (unless revoked). Default: now. */
  at?: Date;
  /** Share of residents whose user-authentication certificate is revoked (0..1). Default 0. */
  revokedShare?: number;
  keys?: KeySource;
  /** Prefix of the generated ids. Default "G". */
  idPrefix?: string;
}

/** N fresh, distinct residents. */
export async function generateResidents(authority: TrainingAuthority, options: GenerateResidentsOptions): Promise<TrainingResident[]> {
  const random = new SeededRandom(options.seed ?? 1);
  const at = options.at ?? new Date();
  const residents: TrainingResident[] = [];
  for (let i = 0; i < options.count; i++) {
    const id = `${options.idPrefix ?? 'G'}${String(i + 1).padStart(6, '0')}`;
    const resident = await makeResident(authority, { id }, random, options.keys, at);
    if (random.next() < (options.revokedShare ?? 0)) {
      const issuedOn = parseDate(resident.cardIssuedOn);
      const from = issuedOn ? japanTime(issuedOn, 18).getTime() : at.getTime();
      const revokedAt = new Date(from + random.next() * Math.max(0, at.getTime() - from));
      resident.revocation.userAuth = { reason: random.pick(REASONS), revokedAt: revokedAt.toISOString().replace(/\.\d{3}Z$/, 'Z') };
    }
    residents.push(resident);
  }
  return residents;
}
