/**
 * Makes a new training JPKI hierarchy: for each kind, the 2015, 2019 and 2023 generations with
 * the validity periods of J-LIS's (the 2015 one expired on 2025-10-19), one DN per kind under
 * O=JPKI TRAINING, RSA-2048, keyCertSign+cRLSign, CA:TRUE, the CRL distribution point a DirName
 * of the CA itself; plus the CV issuer and integrity keys. Run once by
 * scripts/generate-training-jpki.ts; the result is committed so every device trusts the same CAs.
 */
import { jpkiCaName, type JpkiCaKind } from '../../pki/jpki-profile.ts';
import { toPem } from '../../pki/pem.ts';
import type { TrainingAuthorityData, TrainingCaRecord } from './training-data-types.ts';
import { buildCertificate, generateRsaKeyPair } from './x509-builder.ts';

export const TRAINING_GENERATIONS: readonly { generation: string; notBefore: string; notAfter: string }[] = [
  { generation: '2015', notBefore: '2015-10-20T03:08:13Z', notAfter: '2025-10-19T14:59:59Z' },
  { generation: '2019', notBefore: '2019-09-14T01:00:00Z', notAfter: '2029-09-14T14:59:59Z' },
  { generation: '2023', notBefore: '2023-07-16T01:01:04Z', notAfter: '2033-07-15T14:59:59Z' },
];

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return toPem('PRIVATE KEY', new Uint8Array(await crypto.subtle.exportKey('pkcs8', key)));
}

async function makeCa(kind: JpkiCaKind, generation: (typeof TRAINING_GENERATIONS)[number]): Promise<TrainingCaRecord> {
  const keys = await generateRsaKeyPair();
  const name = jpkiCaName(kind, { training: true });
  const der = await buildCertificate({
    serialNumber: crypto.getRandomValues(new Uint8Array(4)),
    issuer: name,
    subject: name,
    notBefore: new Date(generation.notBefore),
    notAfter: new Date(generation.notAfter),
    subjectPublicKey: keys.publicKey,
    issuerPrivateKey: keys.privateKey,
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
    crlDistributionPoint: name,
  });
  return { kind, generation: generation.generation, certificatePem: toPem('CERTIFICATE', der), privateKeyPem: await privateKeyPem(keys.privateKey) };
}

export async function generateTrainingAuthorityData(): Promise<TrainingAuthorityData> {
  const cas: TrainingCaRecord[] = [];
  for (const kind of ['user-authentication', 'digital-signature'] as const) {
    for (const generation of TRAINING_GENERATIONS) cas.push(await makeCa(kind, generation));
  }
  return {
    cas,
    cvIssuerPrivateKeyPem: await privateKeyPem((await generateRsaKeyPair()).privateKey),
    integrityPrivateKeyPem: await privateKeyPem((await generateRsaKeyPair()).privateKey),
  };
}
