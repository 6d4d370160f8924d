/**
 * Signature verification with WebCrypto for the algorithms the product accepts: RSA PKCS#1 v1.5
 * and RSA-PSS with SHA-256/384/512 (RFC 8017, RFC 4055), ECDSA P-256/P-384/P-521 with
 * SHA-256/384/512 (RFC 5758). SHA-1 is refused as too weak.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { UnsupportedAlgorithmError } from './errors.ts';
import type { AlgorithmIdentifier } from './certificate.ts';
import { OID } from './oids.ts';

type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

const CURVE_BY_OID: Readonly<Record<string, { name: 'P-256' | 'P-384' | 'P-521'; size: number }>> = {
  [OID.secp256r1]: { name: 'P-256', size: 32 },
  [OID.secp384r1]: { name: 'P-384', size: 48 },
  [OID.secp521r1]: { name: 'P-521', size: 66 },
};

export type VerificationScheme =
  | { kind: 'RSASSA-PKCS1-v1_5'; hash: HashName }
  | { kind: 'RSA-PSS'; hash: HashName; saltLength: number }
  | { kind: 'ECDSA'; hash: HashName };

/** What WebCrypto must do to check a signature made with `algorithm`. */
export function verificationScheme(algorithm: AlgorithmIdentifier): VerificationScheme {
  switch (algorithm.oid) {
    case OID.sha256WithRSAEncryption:
      return { kind: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case OID.sha384WithRSAEncryption:
      return { kind: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' };
    case OID.sha512WithRSAEncryption:
      return { kind: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' };
    case OID.ecdsaWithSHA256:
      return { kind: 'ECDSA', hash: 'SHA-256' };
    case OID.ecdsaWithSHA384:
      return { kind: 'ECDSA', hash: 'SHA-384' };
    case OID.ecdsaWithSHA512:
      return { kind: 'ECDSA', hash: 'SHA-512' };
    case OID.rsassaPss:
      return pssScheme(algorithm.parameters);
    default:
      throw new UnsupportedAlgorithmError(algorithm.oid);
  }
}

/** RFC 4055 §3.1 RSASSA-PSS-params; the defaults (SHA-1) are refused. */
function pssScheme(parameters: Uint8Array | undefined): VerificationScheme {
  if (!parameters) throw new UnsupportedAlgorithmError('RSA-PSS with SHA-1 defaults');
  const asn1 = asn1js.fromBER(parameters);
  if (asn1.offset === -1) throw new UnsupportedAlgorithmError('RSA-PSS with unreadable parameters');
  const params = new pkijs.RSASSAPSSParams({ schema: asn1.result });
  const hash = HASH_BY_OID[params.hashAlgorithm.algorithmId];
  if (!hash) throw new UnsupportedAlgorithmError(`RSA-PSS with hash ${params.hashAlgorithm.algorithmId}`);
  const mgfHashAsn1 = params.maskGenAlgorithm.algorithmParams as asn1js.BaseBlock | undefined;
  const mgfHash = mgfHashAsn1 ? new pkijs.AlgorithmIdentifier({ schema: mgfHashAsn1 }).algorithmId : OID.sha1;
  // WebCrypto's RSA-PSS uses the same hash for MGF1 as for the message.
  if (params.maskGenAlgorithm.algorithmId !== OID.mgf1 || HASH_BY_OID[mgfHash] !== hash) {
    throw new UnsupportedAlgorithmError('RSA-PSS with a different MGF1 hash');
  }
  return { kind: 'RSA-PSS', hash, saltLength: params.saltLength };
}

function curveOf(spki: Uint8Array): { name: 'P-256' | 'P-384' | 'P-521'; size: number } {
  const asn1 = asn1js.fromBER(spki);
  const info = new pkijs.PublicKeyInfo({ schema: asn1.result });
  const curveOid = (info.algorithm.algorithmParams as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
  const curve = curveOid ? CURVE_BY_OID[curveOid] : undefined;
  if (!curve) throw new UnsupportedAlgorithmError(`EC curve ${curveOid ?? 'unknown'}`);
  return curve;
}

/** X.509 carries ECDSA signatures as DER SEQUENCE { r, s }; WebCrypto wants r || s, each `size` bytes. */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> | undefined {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset !== der.length || !(asn1.result instanceof asn1js.Sequence)) return undefined;
  const [r, s] = asn1.result.valueBlock.value;
  if (!(r instanceof asn1js.Integer) || !(s instanceof asn1js.Integer)) return undefined;
  const raw = new Uint8Array(2 * size);
  for (const [i, integer] of [r, s].entries()) {
    let value = integer.valueBlock.valueHexView;
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    if (value.length > size) return undefined;
    raw.set(value, (i + 1) * size - value.length);
  }
  return raw;
}

/** RSA-PSS SubjectPublicKeyInfo is imported by WebCrypto only under the rsaEncryption OID. */
function spkiForImport(spki: Uint8Array<ArrayBuffer>, scheme: VerificationScheme): Uint8Array<ArrayBuffer> {
  if (scheme.kind !== 'RSA-PSS') return spki;
  const info = pkijs.PublicKeyInfo.fromBER(spki);
  if (info.algorithm.algorithmId !== OID.rsassaPss) return spki;
  info.algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() });
  return new Uint8Array(info.toSchema().toBER(false));
}

export interface SignedData {
  algorithm: AlgorithmIdentifier;
  /** DER SubjectPublicKeyInfo of the signer. */
  publicKey: Uint8Array<ArrayBuffer>;
  data: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

/**
 * True when `signature` over `data` verifies under `publicKey`. False for a wrong signature or a
 * key that does not fit the algorithm; UnsupportedAlgorithmError for algorithms not accepted.
 */
export async function verifySignature({ algorithm, publicKey, data, signature }: SignedData): Promise<boolean> {
  const scheme = verificationScheme(algorithm);
  try {
    if (scheme.kind === 'ECDSA') {
      const curve = curveOf(publicKey);
      const raw = ecdsaDerToRaw(signature, curve.size);
      if (!raw) return false;
      const key = await crypto.subtle.importKey('spki', publicKey, { name: 'ECDSA', namedCurve: curve.name }, false, ['verify']);
      return await crypto.subtle.verify({ name: 'ECDSA', hash: scheme.hash }, key, raw, data);
    }
    const key = await crypto.subtle.importKey(
      'spki',
      spkiForImport(publicKey, scheme),
      { name: scheme.kind, hash: scheme.hash },
      false,
      ['verify'],
    );
    const params = scheme.kind === 'RSA-PSS' ? { name: 'RSA-PSS', saltLength: scheme.saltLength } : { name: scheme.kind };
    return await crypto.subtle.verify(params, key, signature, data);
  } catch (error) {
    if (error instanceof UnsupportedAlgorithmError) throw error;
    // A key of the wrong type or size for the algorithm cannot have made this signature.
    return false;
  }
}
