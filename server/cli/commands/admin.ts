import { parseArgs } from 'node:util';
import { AuditLog } from '../../audit/audit-log.ts';
import { readConfig } from '../../config.ts';
import { DevicesRepository } from '../../storage/devices-repository.ts';
import { openConfiguredStorage } from '../../storage/open.ts';
import { SheltersRepository } from '../../storage/shelters-repository.ts';
import type { Storage } from '../../storage/storage.ts';
import { UsageError, type CliIo, type Command } from '../command.ts';
import { myKeyAdminActions } from './admin-mykey.ts';

type AdminAction = (args: string[], storage: Storage, io: CliIo) => Promise<number>;

const print = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);

const actions: Record<string, AdminAction> = {
  async 'shelter-create'(args, storage, io) {
    const name = args.join(' ').trim();
    if (!name) throw new UsageError('Give the shelter a name.');
    const shelter = await new SheltersRepository(storage.db).create(name, new Date());
    await new AuditLog(storage.db).append({ actor: 'cli', action: 'admin shelter-create', objectId: shelter.id, result: 'ok' });
    print(io, { id: shelter.id, name: shelter.name });
    return 0;
  },
  async shelters(_args, storage, io) {
    print(io, { shelters: await new SheltersRepository(storage.db).list() });
    return 0;
  },
  async 'enrollment-code'(args, storage, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ttl: { type: 'string' } } });
    const [shelterId] = positionals;
    if (!shelterId) throw new UsageError('Give the shelter id.');
    if (!(await new SheltersRepository(storage.db).get(shelterId))) throw new UsageError(`There is no shelter ${shelterId}.`);
    const ttl = Number(values.ttl ?? readConfig().enrollmentCodeTtlMinutes);
    const code = await new DevicesRepository(storage.db).createEnrollmentCode(shelterId, new Date(), ttl);
    await new AuditLog(storage.db).append({ actor: 'cli', action: 'admin enrollment-code', objectId: shelterId, result: 'ok' });
    print(io, code);
    return 0;
  },
  async summary(args, storage, io) {
    const [shelterId] = args;
    if (!shelterId) throw new UsageError('Give the shelter id.');
    print(io, await new SheltersRepository(storage.db).counts(shelterId));
    return 0;
  },
  /** `audit verify`: walks the hash chain; exit 1 when an entry was edited, deleted or cut off. */
  async audit(args, storage, io) {
    if (args[0] !== 'verify') throw new UsageError('Say "audit verify".');
    const verification = await new AuditLog(storage.db).verify();
    print(io, verification);
    return verification.ok ? 0 : 1;
  },
  /** `crl import FILE`, `crl list`: the server's revocation lists (work in server/revocation/crl-admin.ts). */
  async crl(args, storage, io) {
    const { crlAdmin } = await import('../../revocation/crl-admin.ts');
    return crlAdmin(args, storage, io);
  },
  async 'device-revoke'(args, storage, io) {
    const [deviceId] = args;
    if (!deviceId) throw new UsageError('Give the device id.');
    const revoked = await new DevicesRepository(storage.db).revoke(deviceId, new Date());
    await new AuditLog(storage.db).append({ actor: 'cli', action: 'admin device-revoke', objectId: deviceId, result: revoked ? 'ok' : 'refused:404' });
    print(io, { revoked });
    return revoked ? 0 : 1;
  },
  ...myKeyAdminActions,
};

export const adminCommand: Command = {
  name: 'admin',
  summary: `Administration on this server's database: ${Object.keys(actions).join(', ')}`,
  usage: `shelterkey admin <${Object.keys(actions).join('|')}> …`,
  async run(args, io) {
    const [name, ...rest] = args;
    const action = name ? actions[name] : undefined;
    if (!action) throw new UsageError(`Choose one of: ${Object.keys(actions).join(', ')}.`);
    const storage = await openConfiguredStorage(readConfig());
    try {
      return await action(rest, storage, io);
    } finally {
      await storage.close();
    }
  },
};
