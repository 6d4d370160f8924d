/**
 * CRL extensions (RFC 5280 §5.2), the `crlExtensions [0] EXPLICIT Extensions` of a TBSCertList.
 * Acted on: authorityKeyIdentifier (§5.2.1), cRLNumber (§5.2.3), deltaCRLIndicator (§5.2.4),
 * issuingDistributionPoint (§5.2.5). Any other critical extension makes the CRL unusable.
 *
 *   AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL,
 *     authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2] OPTIONAL }
 *   IssuingDistributionPoint ::= SEQUENCE {
 *     distributionPoint [0] DistributionPointName OPTIONAL,
 *     onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE, onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE,
 *     onlySomeReasons [3] ReasonFlags OPTIONAL, indirectCRL [4] BOOLEAN DEFAULT FALSE,
 *     onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
 */
import { contextTag, DerCursor, oidToString, TAG } from './der.ts';
import { CrlUnknownCriticalExtensionError } from './errors.ts';

export interface IssuingDistributionPoint {
  /** DER of the DistributionPointName, when present. */
  distributionPoint: Uint8Array | undefined;
  onlyContainsUserCerts: boolean;
  onlyContainsCACerts: boolean;
  /** True when the CRL covers only some reasons (a partial CRL). */
  onlySomeReasons: boolean;
  indirectCRL: boolean;
  onlyContainsAttributeCerts: boolean;
}

export interface CrlExtensions {
  crlNumber: bigint | undefined;
  authorityKeyIdentifier: Uint8Array | undefined;
  issuingDistributionPoint: IssuingDistributionPoint | undefined;
  /** BaseCRLNumber when this is a delta CRL; undefined for a complete CRL. */
  deltaBaseCrlNumber: bigint | undefined;
}

const CRL_NUMBER = '2.5.29.20';
const DELTA_CRL_INDICATOR = '2.5.29.27';
const ISSUING_DISTRIBUTION_POINT = '2.5.29.28';
const AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';

/** §5.2.3: CRL numbers are at most 20 octets. */
const MAX_CRL_NUMBER_BYTES = 20;

export function noCrlExtensions(): CrlExtensions {
  return { crlNumber: undefined, authorityKeyIdentifier: undefined, issuingDistributionPoint: undefined, deltaBaseCrlNumber: undefined };
}

function readAuthorityKeyIdentifier(c: DerCursor): Uint8Array | undefined {
  c.header(TAG.sequence, 'authority key identifier');
  const inner = c.inside();
  c.skipValue();
  let keyIdentifier: Uint8Array | undefined;
  if (inner.peekTag() === contextTag(0, false)) keyIdentifier = new Uint8Array(inner.value(contextTag(0, false), 'key identifier'));
  // authorityCertIssuer and authorityCertSerialNumber are not needed to pick the issuer.
  while (!inner.atEnd) inner.element('authority key identifier field');
  return keyIdentifier;
}

function readIssuingDistributionPoint(c: DerCursor): IssuingDistributionPoint {
  c.header(TAG.sequence, 'issuing distribution point');
  const inner = c.inside();
  c.skipValue();
  const idp: IssuingDistributionPoint = {
    distributionPoint: undefined,
    onlyContainsUserCerts: false,
    onlyContainsCACerts: false,
    onlySomeReasons: false,
    indirectCRL: false,
    onlyContainsAttributeCerts: false,
  };
  const flag = (n: number, what: string): boolean => {
    const at = inner.pos;
    const content = inner.value(contextTag(n, false), what);
    if (content.length !== 1 || (content[0] !== 0 && content[0] !== 0xff)) inner.fail(`${what} is not a BOOLEAN`, at);
    return content[0] === 0xff;
  };
  let last = -1;
  while (!inner.atEnd) {
    const tag = inner.peekTag();
    const n = tag & 0x1f;
    if ((tag & 0xc0) !== 0x80 || n > 5 || n <= last) inner.fail('unexpected field in the issuing distribution point');
    last = n;
    if (n === 0) idp.distributionPoint = new Uint8Array(inner.element('distribution point'));
    else if (n === 1) idp.onlyContainsUserCerts = flag(1, 'onlyContainsUserCerts');
    else if (n === 2) idp.onlyContainsCACerts = flag(2, 'onlyContainsCACerts');
    else if (n === 3) idp.onlySomeReasons = inner.element('onlySomeReasons').length > 0;
    else if (n === 4) idp.indirectCRL = flag(4, 'indirectCRL');
    else idp.onlyContainsAttributeCerts = flag(5, 'onlyContainsAttributeCerts');
  }
  return idp;
}

/** Reads the contents of `crlExtensions [0]` (the cursor spans the [0] value). */
export function readCrlExtensions(outer: DerCursor): CrlExtensions {
  const result = noCrlExtensions();
  outer.header(TAG.sequence, 'CRL extensions');
  if (outer.length === 0) outer.fail('empty CRL extensions');
  const list = outer.inside();
  outer.skipValue();
  if (!outer.atEnd) outer.fail('extra data after the CRL extensions');
  const seen = new Set<string>();
  while (!list.atEnd) {
    const extensionAt = list.pos;
    list.header(TAG.sequence, 'CRL extension');
    const extension = list.inside();
    list.skipValue();
    const oid = oidToString(extension.oid('extension id'));
    if (seen.has(oid)) list.fail(`extension ${oid} appears twice`, extensionAt);
    seen.add(oid);
    const critical = extension.peekTag() === TAG.boolean ? extension.boolean('critical flag') : false;
    extension.header(TAG.octetString, 'extension value');
    if (extension.valueStart + extension.length !== extension.end) extension.fail('extra data after the extension value');
    const value = extension;
    switch (oid) {
      case CRL_NUMBER:
        result.crlNumber = value.unsignedInteger('CRL number', MAX_CRL_NUMBER_BYTES);
        break;
      case DELTA_CRL_INDICATOR:
        result.deltaBaseCrlNumber = value.unsignedInteger('base CRL number', MAX_CRL_NUMBER_BYTES);
        break;
      case AUTHORITY_KEY_IDENTIFIER:
        result.authorityKeyIdentifier = readAuthorityKeyIdentifier(value);
        break;
      case ISSUING_DISTRIBUTION_POINT:
        result.issuingDistributionPoint = readIssuingDistributionPoint(value);
        break;
      default:
        if (critical) throw new CrlUnknownCriticalExtensionError(list.base + extensionAt, oid, 'crl');
        value.skipValue();
    }
    if (!value.atEnd) value.fail(`extra data in extension ${oid}`);
  }
  return result;
}
