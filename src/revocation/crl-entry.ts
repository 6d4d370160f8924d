/**
 * One revokedCertificates entry (RFC 5280 §5.1.2.6, §5.3), read in place:
 *
 *   SEQUENCE { userCertificate CertificateSerialNumber, revocationDate Time,
 *              crlEntryExtensions Extensions OPTIONAL }
 *   Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE,
 *                            extnValue OCTET STRING }
 *
 * Entry extensions acted on: reasonCode (§5.3.1) and invalidityDate (§5.3.2). certificateIssuer
 * (§5.3.3, always critical) marks an indirect CRL, which the product does not accept, so it is
 * refused like any other unknown critical extension.
 *
 * Two readers: `readEntryGeneric` handles every encoding through the checked cursor and says
 * exactly what is wrong; `readEntry` first tries the shapes real CRLs use (short serial, short
 * times, non-critical reasonCode/invalidityDate), byte by byte without allocating, and hands
 * anything else to the generic reader. Both accept and yield the same (the fuzz tests check).
 */
import { oidToString, TAG, type DerCursor } from './der.ts';
import { CrlUnknownCriticalExtensionError } from './errors.ts';
import { isReasonCode, NO_REASON } from './reasons.ts';
import { quickTime, readTime } from './time.ts';

/**
 * Receives each entry. The serial (content bytes of the DER INTEGER) is `bytes[serialStart ..
 * serialEnd)`; the buffer is only valid during the call. Times are ms since the epoch;
 * `reason` is NO_REASON (0xFF) without a reasonCode; `invalidityDate` is NaN without one.
 */
export interface CrlEntrySink {
  entry(bytes: Uint8Array, serialStart: number, serialEnd: number, revokedAt: number, reason: number, invalidityDate: number): void;
}

/** Largest INTEGER accepted as a serial; RFC 5280 §4.1.2.2 allows 20 octets, some CAs use a few more. */
export const MAX_SERIAL_BYTES = 32;

// id-ce arcs (2.5.29.x) encode as 55 1D x.
const ID_CE_0 = 0x55;
const ID_CE_1 = 0x1d;
const REASON_CODE = 21;
const INVALIDITY_DATE = 24;

/** The reason of a canonical reasonCode extension at `p` (30 0A 06 03 55 1D 15 04 03 0A 01 rr), or -1. */
function quickReason(b: Uint8Array, p: number): number {
  if (
    b[p] !== 0x30 || b[p + 1] !== 0x0a || b[p + 2] !== TAG.oid || b[p + 3] !== 3 || b[p + 4] !== ID_CE_0 || b[p + 5] !== ID_CE_1 ||
    b[p + 6] !== REASON_CODE || b[p + 7] !== TAG.octetString || b[p + 8] !== 3 || b[p + 9] !== TAG.enumerated || b[p + 10] !== 1
  ) {
    return -1;
  }
  return isReasonCode(b[p + 11]) ? b[p + 11] : -1;
}

/** The date of a canonical invalidityDate extension at `p` (30 18 06 03 55 1D 18 04 11 <GeneralizedTime>), or NaN. */
function quickInvalidity(b: Uint8Array, p: number): number {
  if (
    b[p] !== 0x30 || b[p + 1] !== 0x18 || b[p + 2] !== TAG.oid || b[p + 3] !== 3 || b[p + 4] !== ID_CE_0 || b[p + 5] !== ID_CE_1 ||
    b[p + 6] !== INVALIDITY_DATE || b[p + 7] !== TAG.octetString || b[p + 8] !== 17
  ) {
    return Number.NaN;
  }
  return quickTime(b, p + 9);
}

/**
 * Reads an entry's contents (the cursor spans the value of its SEQUENCE) and hands it to `sink`.
 * `allowExtensions` is false for v1 CRLs (RFC 5280 §5.1.2.1).
 */
export function readEntry(cursor: DerCursor, sink: CrlEntrySink, allowExtensions: boolean): void {
  const b = cursor.bytes;
  const start = cursor.pos;
  const end = cursor.end;
  const n = b[start + 1];
  const serialEnd = start + 2 + n;
  // Serial: short form, minimal two's complement.
  if (b[start] !== TAG.integer || n === 0 || n > MAX_SERIAL_BYTES || serialEnd + 15 > end) return readEntryGeneric(cursor, sink, allowExtensions);
  if (n > 1 && ((b[start + 2] === 0 && b[start + 3] < 0x80) || (b[start + 2] === 0xff && b[start + 3] >= 0x80))) {
    return readEntryGeneric(cursor, sink, allowExtensions);
  }
  const timeLength = b[serialEnd + 1] + 2;
  const revokedAt = serialEnd + timeLength <= end ? quickTime(b, serialEnd) : Number.NaN;
  if (Number.isNaN(revokedAt)) return readEntryGeneric(cursor, sink, allowExtensions);
  let p = serialEnd + timeLength;
  let reason = NO_REASON;
  let invalidityDate = Number.NaN;
  if (p < end) {
    const length = b[p + 1];
    if (!allowExtensions || b[p] !== TAG.sequence || length === 0 || length >= 0x80 || p + 2 + length !== end) {
      return readEntryGeneric(cursor, sink, allowExtensions);
    }
    p += 2;
    while (p < end) {
      if (b[p + 6] === REASON_CODE && reason === NO_REASON && p + 12 <= end) {
        reason = quickReason(b, p);
        if (reason < 0) return readEntryGeneric(cursor, sink, allowExtensions);
        p += 12;
      } else if (b[p + 6] === INVALIDITY_DATE && Number.isNaN(invalidityDate) && p + 26 <= end) {
        invalidityDate = quickInvalidity(b, p);
        if (Number.isNaN(invalidityDate)) return readEntryGeneric(cursor, sink, allowExtensions);
        p += 26;
      } else {
        return readEntryGeneric(cursor, sink, allowExtensions);
      }
    }
  }
  sink.entry(b, start + 2, serialEnd, revokedAt, reason, invalidityDate);
}

/** The reference reader: any DER encoding, precise errors with offsets. */
export function readEntryGeneric(cursor: DerCursor, sink: CrlEntrySink, allowExtensions: boolean): void {
  const start = cursor.pos;
  const serial = cursor.integer('serial number');
  if (serial.length > MAX_SERIAL_BYTES) cursor.fail(`serial number longer than ${MAX_SERIAL_BYTES} bytes`, start);
  const serialStart = cursor.valueStart;
  const revokedAt = readTime(cursor, 'revocation date');
  let reason = NO_REASON;
  let invalidityDate = Number.NaN;
  if (!cursor.atEnd) {
    const extensionsAt = cursor.pos;
    if (!allowExtensions) cursor.fail('entry extensions in a version 1 CRL', extensionsAt);
    cursor.header(TAG.sequence, 'entry extensions');
    if (cursor.length === 0) cursor.fail('empty entry extensions', extensionsAt);
    const extensions = cursor.inside();
    cursor.skipValue();
    let seen = 0;
    while (!extensions.atEnd) {
      const extensionAt = extensions.pos;
      extensions.header(TAG.sequence, 'entry extension');
      const extension = extensions.inside();
      extensions.skipValue();
      const oid = extension.oid('extension id');
      const critical = extension.peekTag() === TAG.boolean ? extension.boolean('critical flag') : false;
      extension.header(TAG.octetString, 'extension value');
      if (extension.valueStart + extension.length !== extension.end) extension.fail('extra data after the extension value');
      const id = oid.length === 3 && oid[0] === ID_CE_0 && oid[1] === ID_CE_1 ? oid[2] : -1;
      // RFC 5280 §4.2: no extension may appear twice.
      if (id === REASON_CODE || id === INVALIDITY_DATE) {
        if (seen & (1 << (id - 20))) extensions.fail(`extension ${oidToString(oid)} appears twice`, extensionAt);
        seen |= 1 << (id - 20);
      }
      // From here `extension` walks the extnValue's contents.
      const valueAt = extension.pos;
      if (id === REASON_CODE) {
        const code = extension.value(TAG.enumerated, 'reason code');
        if (code.length !== 1 || !isReasonCode(code[0]) || !extension.atEnd) extension.fail('reason code is not a CRLReason value', valueAt);
        reason = code[0];
      } else if (id === INVALIDITY_DATE) {
        invalidityDate = readTime(extension, 'invalidity date');
        if (!extension.atEnd) extension.fail('extra data after the invalidity date');
      } else if (critical) {
        throw new CrlUnknownCriticalExtensionError(cursor.base + extensionAt, oidToString(oid), 'entry');
      }
    }
    if (!cursor.atEnd) cursor.fail('extra data after the entry extensions');
  }
  sink.entry(cursor.bytes, serialStart, serialStart + serial.length, revokedAt, reason, invalidityDate);
}
