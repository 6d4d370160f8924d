/**
 * `shelterkey admin crl import FILE` and `admin crl list`: the same import as an upload, on the
 * server's own database, with the server's trust store and publishing key (so packages made
 * here verify on devices enrolled with the server). Loaded only when the command runs.
 */
import { basename } from 'node:path';
import { AuditLog } from '../audit/audit-log.ts';
import { systemClock } from '../clock.ts';
import { readConfig } from '../config.ts';
import { UsageError, type CliIo } from '../cli/command.ts';
import { MetaRepository } from '../storage/meta-repository.ts';
import { RevocationRepository } from '../storage/revocation-repository.ts';
import type { Storage } from '../storage/storage.ts';
import { serverTrustStore } from '../trust.ts';
import { openCrlFile } from './crl-input.ts';
import { loadPublishingKey, pinPublishingKey } from './publishing-key.ts';
import { createRevocationServices } from './revocation-services.ts';

const print = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);

async function importFile(path: string, storage: Storage, io: CliIo): Promise<number> {
  const config = readConfig();
  const publishingKey = loadPublishingKey(config.publishingKeyFile).key;
  await pinPublishingKey(new MetaRepository(storage.db), publishingKey);
  const { importer } = createRevocationServices({ storage, trustStore: await serverTrustStore(config), publishingKey, clock: systemClock });
  const audit = new AuditLog(storage.db);
  const file = await openCrlFile(path);
  try {
    const result = await importer.import(file.input, `cli ${basename(path)}`);
    await audit.append({ actor: 'cli', action: 'admin crl import', objectId: result.issuerKeyId, result: 'ok' });
    print(io, result);
    return 0;
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'failed';
    await audit.append({ actor: 'cli', action: 'admin crl import', objectId: undefined, result: `refused:${code}` });
    throw error;
  } finally {
    await file.close();
  }
}

export async function crlAdmin(args: readonly string[], storage: Storage, io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'import') {
    if (rest.length !== 1 || !rest[0]) throw new UsageError('Give one CRL file: admin crl import FILE');
    return importFile(rest[0], storage, io);
  }
  if (action === 'list') {
    print(io, { crls: await new RevocationRepository(storage.db).list() });
    return 0;
  }
  throw new UsageError('Say "crl import FILE" or "crl list".');
}
