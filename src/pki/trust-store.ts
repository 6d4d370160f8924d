/**
 * The set of CA certificates the product trusts (trust anchors, RFC 5280 §6.1.1 (d)). JPKI CA
 * generations share one DN, so an issuer is looked up by DN and then told apart by key
 * identifier; the signature check decides.
 */
import { bytesEqual } from '../protocol/encoding.ts';
import { parseCertificate, type Certificate } from './certificate.ts';
import { namesEqual, type DistinguishedName } from './name.ts';
import { derBlocksFromFile } from './pem.ts';

export class TrustStore {
  readonly anchors: readonly Certificate[];

  constructor(anchors: readonly Certificate[]) {
    const unique: Certificate[] = [];
    for (const anchor of anchors) if (!unique.some((u) => bytesEqual(u.der, anchor.der))) unique.push(anchor);
    this.anchors = unique;
  }

  /** From PEM or DER files' bytes; each PEM file may hold several certificates. */
  static fromFiles(files: readonly Uint8Array<ArrayBuffer>[]): TrustStore {
    return new TrustStore(files.flatMap((file) => derBlocksFromFile(file, 'CERTIFICATE')).map(parseCertificate));
  }

  /**
   * CAs whose subject is `issuer`: those whose subject key identifier equals
   * `authorityKeyIdentifier` first, then the rest with that DN (the key identifier is a hint;
   * a signature check must confirm the issuer).
   */
  issuerCandidates(issuer: DistinguishedName, authorityKeyIdentifier?: Uint8Array): Certificate[] {
    const sameName = this.anchors.filter((anchor) => namesEqual(anchor.subject, issuer));
    if (!authorityKeyIdentifier) return sameName;
    const keyMatches = (anchor: Certificate): boolean =>
      anchor.subjectKeyIdentifier !== undefined && bytesEqual(anchor.subjectKeyIdentifier, authorityKeyIdentifier);
    return [...sameName.filter(keyMatches), ...sameName.filter((anchor) => !keyMatches(anchor))];
  }

  bySubjectKeyIdentifier(keyIdentifier: Uint8Array): Certificate | undefined {
    return this.anchors.find((a) => a.subjectKeyIdentifier !== undefined && bytesEqual(a.subjectKeyIdentifier, keyIdentifier));
  }

  contains(certificate: Certificate): boolean {
    return this.anchors.some((anchor) => bytesEqual(anchor.der, certificate.der));
  }
}
