/**
 * The server's own MyKey keys, made once per installation and kept in server_meta: one for the
 * keyed digests of the 4 attributes (renewal proof), one for the fee counters' person digests.
 * Keyed, so that a copy of those columns alone cannot be matched against a list of names.
 */
import { randomBytes } from 'node:crypto';
import { MetaRepository } from '../storage/meta-repository.ts';

export interface MyKeyServerKeys {
  attributes: Buffer;
  fees: Buffer;
}

async function key(meta: MetaRepository, name: string): Promise<Buffer> {
  return Buffer.from(await meta.setIfAbsent(name, randomBytes(32).toString('hex')), 'hex');
}

export async function loadServerKeys(meta: MetaRepository): Promise<MyKeyServerKeys> {
  return { attributes: await key(meta, 'mykey-attributes-key'), fees: await key(meta, 'mykey-fees-key') };
}
