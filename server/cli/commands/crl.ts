/** `shelterkey crl dump|verify|index`: the work is in server/revocation/crl-actions.ts, loaded on use. */
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.ts';

const USAGE = `shelterkey crl dump FILE
       shelterkey crl verify FILE --ca CA.pem [--ca CA.pem …]
       shelterkey crl index FILE --ca CA.pem [--ca …] --out DIR`;

export const crlCommand: Command = {
  name: 'crl',
  summary: 'Read (dump), verify or index a certificate revocation list (DER or PEM)',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ca: { type: 'string', multiple: true }, out: { type: 'string' } },
    });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('exactly one CRL file is expected');
    if (action !== 'dump' && action !== 'verify' && action !== 'index') throw new UsageError(`unknown action "${action ?? ''}": use dump, verify or index`);
    const { dump, verify, index } = await import('../../revocation/crl-actions.ts');
    if (action === 'dump') return dump(file, io);
    if (action === 'verify') return verify(file, values.ca, io);
    return index(file, values.ca, values.out, io);
  },
};
