/**
 * Renewed training certificates (DOMAIN.md §2: the user-authentication certificate is renewed at
 * the 5th birthday or on re-issue, and the MyKey ID's random string changes). The new
 * certificate has a new key, a new random string before the same terminal code, and a serial
 * derived from the old one, so the training stand-in for J-LIS's old/new serial link can name
 * the predecessor from the committed residents' data alone.
 */
import { parseCertificate } from '../../pki/certificate.ts';
import { OID } from '../../pki/oids.ts';
import { base64ToBytes, bytesToBase64 } from '../../protocol/encoding.ts';
import { parseDate } from '../text-ap/calendar-date.ts';
import { japanDate, japanTime, nthBirthdayAfter } from './card-dates.ts';
import { freshKeys, type KeySource, type TrainingResident } from './resident-generator.ts';
import type { TrainingAuthority } from './training-authority.ts';
import { buildCertificate, RSA_SIGNING } from './x509-builder.ts';

const MYKEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

async function derive(label: string, previousSerial: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array([...new TextEncoder().encode(label), ...previousSerial]);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
}

/** The serial of the certificate that renews the one with `previousSerial` (8 bytes, positive). */
export async function renewedSerial(previousSerial: Uint8Array): Promise<Uint8Array> {
  const serial = (await derive('shelterkey training renewal serial', previousSerial)).slice(0, 8);
  serial[0] = 0x10 + ((serial[0] ?? 0) % 0x70);
  return serial;
}

async function renewedRandomString(previousSerial: Uint8Array): Promise<string> {
  const bytes = await derive('shelterkey training renewal mykey', previousSerial);
  return Array.from(bytes.slice(0, 14), (b) => MYKEY_ALPHABET[b % MYKEY_ALPHABET.length]).join('');
}

/**
 * The resident after renewing their user-authentication certificate at `at`: valid to the 5th
 * birthday after `at`, issued by the generation current then. The old certificate stays in no
 * list here; revoking it (superseded) is the CRL's business.
 */
export async function renewUserAuthCertificate(
  resident: TrainingResident,
  authority: TrainingAuthority,
  options: { at: Date; keys?: KeySource },
): Promise<TrainingResident> {
  const previous = parseCertificate(base64ToBytes(resident.userAuth.certificate));
  const birth = parseDate(resident.birthDate);
  if (!birth) throw new RangeError(`training resident ${resident.id} has no valid birth date`);
  const ca = authority.issuingCa('user-authentication', options.at);
  const keys = await (options.keys ?? freshKeys).next();
  const cn = previous.subject.attributes.find((a) => a.type === OID.commonName)?.value ?? '';
  const der = await buildCertificate({
    serialNumber: await renewedSerial(previous.serialNumber),
    issuer: ca.name,
    subject: [
      { type: OID.countryName, value: 'JP' },
      { type: OID.commonName, value: (await renewedRandomString(previous.serialNumber)) + cn.slice(14) },
    ],
    notBefore: new Date(Math.floor(options.at.getTime() / 1000) * 1000),
    notAfter: japanTime(nthBirthdayAfter(birth, japanDate(options.at), 5), 23, 59, 59),
    subjectPublicKey: keys.publicKey,
    issuerPrivateKey: ca.privateKey,
    authorityKeyIdentifier: ca.keyIdentifier,
    ca: false,
    keyUsage: ['digitalSignature'],
    crlDistributionPoint: ca.name,
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const { userAuth: _revokedOld, ...otherMarks } = resident.revocation;
  return {
    ...resident,
    userAuth: { generation: ca.generation, certificate: bytesToBase64(der), privateKey: bytesToBase64(pkcs8) },
    revocation: otherMarks,
  };
}

/** When the training residents' renewed cards were issued (when R09's first certificate was superseded): fixed, like the residents themselves. */
export const TRAINING_RENEWAL_AT = new Date('2026-09-15T01:00:00Z');

/** The resident's own user-authentication key pair, over and over. */
async function ownKeys(resident: TrainingResident): Promise<KeySource> {
  const privateKey = await crypto.subtle.importKey('pkcs8', base64ToBytes(resident.userAuth.privateKey), RSA_SIGNING, true, ['sign']);
  const { n, e } = await crypto.subtle.exportKey('jwk', privateKey);
  const publicKey = await crypto.subtle.importKey('jwk', { kty: 'RSA', n, e, alg: 'RS256', ext: true }, RSA_SIGNING, true, ['verify']);
  return { next: () => Promise.resolve({ privateKey, publicKey }) };
}

/**
 * The renewed card of a committed training resident, the same certificate wherever it is made
 * (the training reader in the app, the tests): issued at TRAINING_RENEWAL_AT and keeping the
 * resident's key pair, so only the serial, the MyKey ID and the validity change. PKCS#1 v1.5
 * signatures are deterministic, so the bytes are too.
 */
export async function renewedTrainingResident(resident: TrainingResident, authority: TrainingAuthority): Promise<TrainingResident> {
  return renewUserAuthCertificate(resident, authority, { at: TRAINING_RENEWAL_AT, keys: await ownKeys(resident) });
}
