/**
 * What is on a My Number Card, as data (DOMAIN.md §3; public open-source readers): the
 * applications by AID, their elementary files, PIN references with retry limits, and who may
 * read what. The flows, the privacy guard, the trace redaction and the virtual card all read
 * this table, so a fact about the card lives in one place.
 */
import { hexToBytes } from '../protocol/encoding.ts';

export type ApplicationName = 'jpki' | 'text' | 'visual' | 'juki';

export type PinFormat = 'digits-4' | 'signing-password' | 'collation-number-a' | 'collation-number-b';

interface FileBase {
  fid: number;
  label: string;
}

/** An EF read with READ BINARY. */
export interface BinaryFile extends FileBase {
  kind: 'binary';
  /** PIN EFs of the same application, any one of which opens the file; empty = free to read. */
  readableAfter: readonly number[];
  /** Holds personal data: its contents are redacted from traces. */
  personal: boolean;
  /** Largest content the product accepts from it (bounded reads of untrusted input). */
  maxLength: number;
  /** Holds the individual number or its stand-in: the privacy guard never lets it be selected. */
  forbidden?: true;
}

/** An EF holding a PIN (reference data for VERIFY). */
export interface PinFile extends FileBase {
  kind: 'pin';
  format: PinFormat;
  /** Consecutive wrong tries before the card blocks it. */
  retryLimit: number;
  forbidden?: true;
}

/** An EF holding a private key (COMPUTE DIGITAL SIGNATURE). */
export interface KeyFile extends FileBase {
  kind: 'key';
  /** The PIN EF that must be verified before the key signs. */
  usableAfter: number;
}

export type CardFile = BinaryFile | PinFile | KeyFile;

export interface CardApplication {
  name: ApplicationName;
  label: string;
  aid: Uint8Array;
  /** The product selects only these applications; the guard refuses the others. */
  usedByProduct: boolean;
  files: readonly CardFile[];
}

/** JPKI-AP (公的個人認証): certificates, keys and their PINs. */
export const JPKI_EF = {
  signingCertificate: 0x0001,
  signingCaCertificate: 0x0002,
  tokenInfo: 0x0006,
  userAuthCertificate: 0x000a,
  userAuthCaCertificate: 0x000b,
  userAuthKey: 0x0017,
  userAuthPin: 0x0018,
  signingKey: 0x001a,
  signingPassword: 0x001b,
} as const;

/** 券面事項入力補助AP (text AP): the 4 attributes, and the individual number the product never reads. */
export const TEXT_EF = {
  myNumber: 0x0001,
  attributes: 0x0002,
  integrityRecord: 0x0003,
  cvCertificate: 0x0004,
  pin: 0x0011,
  collationNumberA: 0x0014,
  collationNumberB: 0x0015,
} as const;

const CERTIFICATE_MAX = 8 * 1024;

export const CARD_APPLICATIONS: readonly CardApplication[] = [
  {
    name: 'jpki',
    label: 'JPKI-AP (公的個人認証AP)',
    aid: hexToBytes('D392F000260100000001'),
    usedByProduct: true,
    files: [
      { kind: 'binary', fid: JPKI_EF.signingCertificate, label: '署名用電子証明書', readableAfter: [JPKI_EF.signingPassword], personal: true, maxLength: CERTIFICATE_MAX },
      { kind: 'binary', fid: JPKI_EF.signingCaCertificate, label: '署名用CA証明書', readableAfter: [], personal: false, maxLength: CERTIFICATE_MAX },
      { kind: 'binary', fid: JPKI_EF.tokenInfo, label: 'トークン情報', readableAfter: [], personal: false, maxLength: 32 },
      // The certificate's notAfter is the holder's birthday (DOMAIN.md §3): personal data.
      { kind: 'binary', fid: JPKI_EF.userAuthCertificate, label: '利用者証明用電子証明書', readableAfter: [], personal: true, maxLength: CERTIFICATE_MAX },
      { kind: 'binary', fid: JPKI_EF.userAuthCaCertificate, label: '利用者証明用CA証明書', readableAfter: [], personal: false, maxLength: CERTIFICATE_MAX },
      { kind: 'key', fid: JPKI_EF.userAuthKey, label: '利用者証明用秘密鍵', usableAfter: JPKI_EF.userAuthPin },
      { kind: 'pin', fid: JPKI_EF.userAuthPin, label: '利用者証明用暗証番号', format: 'digits-4', retryLimit: 3 },
      { kind: 'key', fid: JPKI_EF.signingKey, label: '署名用秘密鍵', usableAfter: JPKI_EF.signingPassword },
      { kind: 'pin', fid: JPKI_EF.signingPassword, label: '署名用パスワード', format: 'signing-password', retryLimit: 5 },
    ],
  },
  {
    name: 'text',
    label: '券面事項入力補助AP',
    aid: hexToBytes('D3921000310001010408'),
    usedByProduct: true,
    files: [
      { kind: 'binary', fid: TEXT_EF.myNumber, label: '個人番号', readableAfter: [TEXT_EF.pin, TEXT_EF.collationNumberB], personal: true, maxLength: 32, forbidden: true },
      { kind: 'binary', fid: TEXT_EF.attributes, label: '基本4情報', readableAfter: [TEXT_EF.pin, TEXT_EF.collationNumberB], personal: true, maxLength: 4096 },
      // DF31 inside is a hash of the individual number: brute-forceable, so personal.
      { kind: 'binary', fid: TEXT_EF.integrityRecord, label: '署名（真正性確認）', readableAfter: [TEXT_EF.pin, TEXT_EF.collationNumberB], personal: true, maxLength: 2048 },
      { kind: 'binary', fid: TEXT_EF.cvCertificate, label: '券面事項入力補助用証明書', readableAfter: [], personal: false, maxLength: 2048 },
      { kind: 'pin', fid: TEXT_EF.pin, label: '券面事項入力補助用暗証番号', format: 'digits-4', retryLimit: 3 },
      // 照合番号A is the individual number itself.
      { kind: 'pin', fid: TEXT_EF.collationNumberA, label: '照合番号A', format: 'collation-number-a', retryLimit: 10, forbidden: true },
      // J-LIS publishes no retry limit for 照合番号B; the product treats it as a counted PIN like the others.
      { kind: 'pin', fid: TEXT_EF.collationNumberB, label: '照合番号B', format: 'collation-number-b', retryLimit: 10 },
    ],
  },
  { name: 'visual', label: '券面AP (券面の画像、個人番号の画像を含む)', aid: hexToBytes('D3921000310001010402'), usedByProduct: false, files: [] },
  { name: 'juki', label: '住基AP', aid: hexToBytes('D3921000310001010401'), usedByProduct: false, files: [] },
];

export function application(name: ApplicationName): CardApplication {
  const found = CARD_APPLICATIONS.find((a) => a.name === name);
  if (!found) throw new Error(`no application ${name}`);
  return found;
}

export function fileOf(name: ApplicationName, fid: number): CardFile | undefined {
  return application(name).files.find((f) => f.fid === fid);
}

export function binaryFile(name: ApplicationName, fid: number): BinaryFile {
  const file = fileOf(name, fid);
  if (file?.kind !== 'binary') throw new Error(`EF ${fid.toString(16)} of ${name} is not a binary EF`);
  return file;
}

export function pinFile(name: ApplicationName, fid: number): PinFile {
  const file = fileOf(name, fid);
  if (file?.kind !== 'pin') throw new Error(`EF ${fid.toString(16)} of ${name} is not a PIN EF`);
  return file;
}

export function fidHex(fid: number): string {
  return fid.toString(16).toUpperCase().padStart(4, '0');
}
