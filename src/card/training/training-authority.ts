/**
 * The training JPKI hierarchy, loaded from the committed training-only data: CA certificates of
 * three generations per kind (user authentication, digital signature) sharing one DN as J-LIS's
 * do, with their private keys; the training stand-in for the J-LIS key that signs CV
 * certificates; and the key that signs the text AP's integrity records, with its CV certificate.
 * Every device and the server load the same data, so they all trust the same training CAs.
 */
import { parseCertificate, type Certificate } from '../../pki/certificate.ts';
import { jpkiCaName, type JpkiCaKind } from '../../pki/jpki-profile.ts';
import { parsePem } from '../../pki/pem.ts';
import { TrustStore } from '../../pki/trust-store.ts';
import { base64ToBytes } from '../../protocol/encoding.ts';
import type { RsaPublicKeyComponents } from '../rsa-public-key.ts';
import { encodeCvCertificate } from '../text-ap/cv-certificate.ts';
import type { TrainingAuthorityData } from './training-data-types.ts';
import { RSA_SIGNING, type NameAttributeSpec } from './x509-builder.ts';

export interface TrainingCa {
  kind: JpkiCaKind;
  /** "2015", "2019", "2023". */
  generation: string;
  der: Uint8Array<ArrayBuffer>;
  certificate: Certificate;
  name: readonly NameAttributeSpec[];
  privateKey: CryptoKey;
  keyIdentifier: Uint8Array;
}

const CV_AUTHORITY_REFERENCE = 'JPKITRAININGCVCA';
const CV_HOLDER_REFERENCE = 'TEXTAPINTEGRITY1';

function pemDer(pem: string, label: string): Uint8Array<ArrayBuffer> {
  const block = parsePem(pem).find((b) => b.label === label);
  if (!block) throw new Error(`training data lacks a ${label} block`);
  return block.der;
}

function importSigningKey(pkcs8Pem: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pemDer(pkcs8Pem, 'PRIVATE KEY'), RSA_SIGNING, true, ['sign']);
}

async function publicComponents(privateKey: CryptoKey): Promise<RsaPublicKeyComponents> {
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  return { modulus: base64ToBytes(fromBase64Url(jwk.n ?? '')), exponent: base64ToBytes(fromBase64Url(jwk.e ?? '')) };
}

function fromBase64Url(text: string): string {
  return text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
}

function sign(key: CryptoKey): (data: Uint8Array<ArrayBuffer>) => Promise<Uint8Array> {
  return async (data) => new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, data));
}

export class TrainingAuthority {
  private constructor(
    readonly cas: readonly TrainingCa[],
    /** The key to configure as "the J-LIS key" for CV certificates of training cards. */
    readonly cvIssuerPublicKey: RsaPublicKeyComponents,
    /** EF 0004 of every training card. */
    readonly cvCertificate: Uint8Array<ArrayBuffer>,
    private readonly integrityKey: CryptoKey,
  ) {}

  static async load(data: TrainingAuthorityData): Promise<TrainingAuthority> {
    const cas = await Promise.all(
      data.cas.map(async (record): Promise<TrainingCa> => {
        const der = pemDer(record.certificatePem, 'CERTIFICATE');
        const certificate = parseCertificate(der);
        if (!certificate.subjectKeyIdentifier) throw new Error(`training CA ${record.kind} ${record.generation} has no key identifier`);
        return {
          kind: record.kind,
          generation: record.generation,
          der,
          certificate,
          name: jpkiCaName(record.kind, { training: true }),
          privateKey: await importSigningKey(record.privateKeyPem),
          keyIdentifier: certificate.subjectKeyIdentifier,
        };
      }),
    );
    const cvIssuerKey = await importSigningKey(data.cvIssuerPrivateKeyPem);
    const integrityKey = await importSigningKey(data.integrityPrivateKeyPem);
    const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
    const cvCertificate = await encodeCvCertificate(
      { authority: ascii(CV_AUTHORITY_REFERENCE), holder: ascii(CV_HOLDER_REFERENCE) },
      await publicComponents(integrityKey),
      sign(cvIssuerKey),
    );
    return new TrainingAuthority(cas, await publicComponents(cvIssuerKey), cvCertificate, integrityKey);
  }

  ca(kind: JpkiCaKind, generation: string): TrainingCa {
    const found = this.cas.find((ca) => ca.kind === kind && ca.generation === generation);
    if (!found) throw new Error(`no training ${kind} CA of generation ${generation}`);
    return found;
  }

  /** The generation that issues certificates at `at`: the newest one already valid. */
  issuingCa(kind: JpkiCaKind, at: Date): TrainingCa {
    const candidates = this.cas
      .filter((ca) => ca.kind === kind && ca.certificate.notBefore.getTime() <= at.getTime() && at.getTime() <= ca.certificate.notAfter.getTime())
      .sort((a, b) => b.certificate.notBefore.getTime() - a.certificate.notBefore.getTime());
    const [newest] = candidates;
    if (!newest) throw new Error(`no training ${kind} CA is valid at ${at.toISOString()}`);
    return newest;
  }

  /** The training CAs as a trust store (of one kind, or both). */
  trustStore(kind?: JpkiCaKind): TrustStore {
    return new TrustStore(this.cas.filter((ca) => kind === undefined || ca.kind === kind).map((ca) => ca.certificate));
  }

  /** DF33 of a training card's integrity record. */
  signIntegrity(message: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    return sign(this.integrityKey)(message);
  }
}
