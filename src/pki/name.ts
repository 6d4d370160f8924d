/**
 * Distinguished names (RFC 5280 §4.1.2.4). Kept with their DER so that two names compare by
 * bytes, as JPKI CA generations share one DN and the issuer is told apart by key identifier.
 *
 *   Name ::= RDNSequence;  RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
 *   RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 */
import type * as pkijs from 'pkijs';
import { bytesEqual } from '../protocol/encoding.ts';
import { ATTRIBUTE_SHORT_NAMES } from './oids.ts';

export interface NameAttribute {
  /** Attribute type OID, e.g. 2.5.4.3 for CN. */
  type: string;
  /** Short name (CN, O, OU, C…) when known, else the OID. */
  shortName: string;
  value: string;
}

export interface DistinguishedName {
  der: Uint8Array;
  /** Attributes in encoded order (most significant first). */
  attributes: NameAttribute[];
  /** RFC 4514 string, most specific attribute first (as OpenSSL's -nameopt RFC2253). */
  text: string;
}

function escapeValue(value: string): string {
  return value.replace(/([,+"\\<>;])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
}

export function nameFromPkijs(rdns: pkijs.RelativeDistinguishedNames): DistinguishedName {
  const attributes = rdns.typesAndValues.map((tv) => ({
    type: tv.type,
    shortName: ATTRIBUTE_SHORT_NAMES[tv.type] ?? tv.type,
    value: String(tv.value.valueBlock.value),
  }));
  const text = [...attributes]
    .reverse()
    .map((a) => `${a.shortName}=${escapeValue(a.value)}`)
    .join(',');
  return { der: new Uint8Array(rdns.valueBeforeDecode), attributes, text };
}

export function namesEqual(a: DistinguishedName, b: DistinguishedName): boolean {
  return bytesEqual(a.der, b.der);
}

/** The value of the first attribute of `type`, e.g. the subject CN. */
export function nameAttribute(name: DistinguishedName, type: string): string | undefined {
  return name.attributes.find((a) => a.type === type)?.value;
}
