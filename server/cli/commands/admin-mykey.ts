/** `shelterkey admin rp-create|rps|rp-disable|fees`: relying systems and the fee report on the server's own database. */
import { parseArgs } from 'node:util';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_RELYING_PARTY_SCOPES, RELYING_PARTY_SCOPES, type RelyingPartyScope } from '../../../src/protocol/mykey-api.ts';
import { AuditLog } from '../../audit/audit-log.ts';
import { FEE_MONTH_PATTERN, feeReportCsv } from '../../mykey/fees/fee-report.ts';
import { FeesRepository } from '../../storage/mykey-fees-repository.ts';
import { RelyingPartiesRepository } from '../../storage/relying-parties-repository.ts';
import type { Storage } from '../../storage/storage.ts';
import { UsageError, type CliIo } from '../command.ts';

type AdminAction = (args: string[], storage: Storage, io: CliIo) => Promise<number>;

const print = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);

function scopesFrom(text: string | undefined): RelyingPartyScope[] {
  if (text === undefined) return [...DEFAULT_RELYING_PARTY_SCOPES];
  const scopes = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = scopes.filter((s) => !(RELYING_PARTY_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) throw new UsageError(`--scopes takes a comma-separated list of: ${RELYING_PARTY_SCOPES.join(', ')}.`);
  return scopes as RelyingPartyScope[];
}

export const myKeyAdminActions: Record<string, AdminAction> = {
  /** Prints {id, apiKey, …}: the key is shown this once. */
  async 'rp-create'(args, storage, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { scopes: { type: 'string' }, 'rate-limit': { type: 'string' } } });
    const name = positionals.join(' ').trim();
    if (!name) throw new UsageError('Give the relying system a name.');
    const rateLimit = Number(values['rate-limit'] ?? DEFAULT_RATE_LIMIT_PER_MINUTE);
    if (!Number.isInteger(rateLimit) || rateLimit < 1 || rateLimit > 100_000) throw new UsageError('--rate-limit is requests per minute, 1 to 100000.');
    const { relyingParty, apiKey } = await new RelyingPartiesRepository(storage.db).create({ name, scopes: scopesFrom(values.scopes), rateLimitPerMinute: rateLimit }, new Date());
    await new AuditLog(storage.db).append({ actor: 'cli', action: 'admin rp-create', objectId: relyingParty.id, result: 'ok' });
    print(io, { id: relyingParty.id, name: relyingParty.name, scopes: relyingParty.scopes, rateLimitPerMinute: relyingParty.rateLimitPerMinute, apiKey });
    return 0;
  },
  async rps(_args, storage, io) {
    const systems = await new RelyingPartiesRepository(storage.db).list();
    print(io, { relyingParties: systems.map((s) => ({ id: s.id, name: s.name, scopes: s.scopes, rateLimitPerMinute: s.rateLimitPerMinute, createdAt: s.createdAt, disabled: s.disabled })) });
    return 0;
  },
  async 'rp-disable'(args, storage, io) {
    const [id] = args;
    if (!id) throw new UsageError('Give the relying system id.');
    const disabled = await new RelyingPartiesRepository(storage.db).disable(id, new Date());
    await new AuditLog(storage.db).append({ actor: 'cli', action: 'admin rp-disable', objectId: id, result: disabled ? 'ok' : 'refused:404' });
    print(io, { disabled });
    return disabled ? 0 : 1;
  },
  /** The month's fee report as CSV on stdout (redirect it to a file for accounting). */
  async fees(args, storage, io) {
    const { values } = parseArgs({ args, options: { month: { type: 'string' } } });
    if (!values.month || !FEE_MONTH_PATTERN.test(values.month)) throw new UsageError('--month YYYY-MM is required.');
    io.stdout(feeReportCsv(values.month, await new FeesRepository(storage.db).forMonth(values.month)));
    return 0;
  },
};
