/** `shelterkey check`: the verdict on one certificate from an index folder made by `crl index`. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { derBlocksFromFile } from '../../../src/pki/pem.ts';
import { TrustStore } from '../../../src/pki/trust-store.ts';
import { createRevocationChecker } from '../../../src/revocation/index.ts';
import { IndexFolder } from '../../revocation/index-files.ts';
import { UsageError, type Command } from '../command.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Print the revocation verdict on a certificate as JSON, from a folder made by "crl index"',
  usage: 'shelterkey check CERT.der|CERT.pem --index DIR [--at ISO-TIME] [--ca CA.pem …]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { index: { type: 'string' }, at: { type: 'string' }, ca: { type: 'string', multiple: true } },
    });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('exactly one certificate file is expected');
    if (!values.index) throw new UsageError('--index DIR is required');
    const at = values.at === undefined ? new Date() : new Date(values.at);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--at "${values.at}" is not an ISO date and time`);
    const folder = new IndexFolder(values.index);
    const extraCas = await Promise.all((values.ca ?? []).map(async (p) => new Uint8Array(await readFile(p))));
    const trustStore = new TrustStore([...(await folder.anchors()).anchors, ...TrustStore.fromFiles(extraCas).anchors]);
    const [der] = derBlocksFromFile(new Uint8Array(await readFile(file)), 'CERTIFICATE');
    const checker = createRevocationChecker({ trustStore, indexes: folder });
    // A certificate that cannot be parsed is a verdict (invalid: malformed), not a failure.
    const verdict = await checker.validate(der ?? new Uint8Array(0), at);
    io.stdout(`${JSON.stringify({ at: at.toISOString(), ...verdict }, null, 2)}\n`);
    return 0;
  },
};
