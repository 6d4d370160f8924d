/** `shelterkey check`: the verdict on one certificate from an index folder made by `crl index` (work in server/revocation/check-action.ts). */
import { parseArgs } from 'node:util';
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
    const { checkCertificate } = await import('../../revocation/check-action.ts');
    io.stdout(await checkCertificate(file, values.index, at, values.ca ?? []));
    return 0;
  },
};
