/** What `shelterkey check` does: the verdict on one certificate, as JSON, from an index folder. */
import { readFile } from 'node:fs/promises';
import { derBlocksFromFile } from '../../src/pki/pem.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { createRevocationChecker } from '../../src/revocation/index.ts';
import { IndexFolder } from './index-files.ts';

/**
 * The folder's anchors (written by `crl index`) and any extra CA files are the trust store. A
 * certificate that cannot be parsed is a verdict (invalid: malformed), not a failure.
 */
export async function checkCertificate(certificatePath: string, indexDir: string, at: Date, extraCaPaths: readonly string[]): Promise<string> {
  const folder = new IndexFolder(indexDir);
  const extraCas = await Promise.all(extraCaPaths.map(async (p) => new Uint8Array(await readFile(p))));
  const trustStore = new TrustStore([...(await folder.anchors()).anchors, ...TrustStore.fromFiles(extraCas).anchors]);
  const [der] = derBlocksFromFile(new Uint8Array(await readFile(certificatePath)), 'CERTIFICATE');
  const verdict = await createRevocationChecker({ trustStore, indexes: folder }).validate(der ?? new Uint8Array(0), at);
  return `${JSON.stringify({ at: at.toISOString(), ...verdict }, null, 2)}\n`;
}
