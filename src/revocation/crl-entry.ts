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
 */
import { oidToString, TAG, type DerCursor } from './der.ts';
import { CrlUnknownCriticalExtensionError } from './errors.ts';
import { isReasonCode, NO_REASON } from './reasons.ts';
import { readTime } from './time.ts';

/** Receives each entry; `serial` (INTEGER content bytes) is a view valid only during the call. */
export interface CrlEntrySink {
  entry(serial: Uint8Array, revokedAt: number, reason: number, invalidityDate: number): void;
}

/** Largest INTEGER accepted as a serial; RFC 5280 §4.1.2.2 allows 20 octets, some CAs use a few more. */
export const MAX_SERIAL_BYTES = 32;

// id-ce arcs (2.5.29.x) encode as 55 1D x.
const ID_CE_0 = 0x55;
const ID_CE_1 = 0x1d;
const REASON_CODE = 21;
const INVALIDITY_DATE = 24;

/**
 * Reads an entry's contents (the cursor spans the value of its SEQUENCE) and hands it to `sink`.
 * `allowExtensions` is false for v1 CRLs (RFC 5280 §5.1.2.1).
 */
export function readEntry(cursor: DerCursor, sink: CrlEntrySink, allowExtensions: boolean): void {
  const start = cursor.pos;
  const serial = cursor.integer('serial number');
  if (serial.length > MAX_SERIAL_BYTES) cursor.fail(`serial number longer than ${MAX_SERIAL_BYTES} bytes`, start);
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
  sink.entry(serial, revokedAt, reason, invalidityDate);
}
