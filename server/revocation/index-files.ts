/**
 * Compact revocation indexes as files in a folder (the CLI's `--out DIR` / `--index DIR`):
 *
 *   DIR/anchors.pem                      the CA certificates the lists were verified with
 *   DIR/<issuer key id hex>/manifest.skrm
 *   DIR/<issuer key id hex>/<shard>.skrs  one file per shard, in the binary format of
 *                                          src/revocation/compact-index/format.ts
 *
 * An issuer's folder is replaced whole: written beside, then renamed into place.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Certificate } from '../../src/pki/certificate.ts';
import { toPem } from '../../src/pki/pem.ts';
import { TrustStore } from '../../src/pki/trust-store.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import {
  decodeManifest,
  decodeShard,
  encodeManifest,
  encodeShard,
  type IndexManifest,
  type RevocationIndex,
  type RevocationIndexReader,
  type Shard,
} from '../../src/revocation/index.ts';

const ANCHORS = 'anchors.pem';
const WRITES_IN_FLIGHT = 16;

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export class IndexFolder implements RevocationIndexReader {
  private readonly manifests = new Map<string, IndexManifest | undefined>();

  constructor(readonly dir: string) {}

  private issuerDir(issuerKeyId: Uint8Array): string {
    return join(this.dir, bytesToHex(issuerKeyId));
  }

  async manifest(issuerKeyId: Uint8Array): Promise<IndexManifest | undefined> {
    const key = bytesToHex(issuerKeyId);
    if (this.manifests.has(key)) return this.manifests.get(key);
    let manifest: IndexManifest | undefined;
    try {
      manifest = decodeManifest(new Uint8Array(await readFile(join(this.issuerDir(issuerKeyId), 'manifest.skrm'))));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    this.manifests.set(key, manifest);
    return manifest;
  }

  async shard(manifest: IndexManifest, index: number): Promise<Shard> {
    const info = manifest.shards[index];
    if (!info) throw new RangeError(`no shard ${index} for issuer ${bytesToHex(manifest.issuerKeyId)}`);
    const bytes = new Uint8Array(await readFile(join(this.issuerDir(manifest.issuerKeyId), `${index}.skrs`)));
    return decodeShard(bytes, { index, ...info });
  }

  async write(index: RevocationIndex): Promise<void> {
    const target = this.issuerDir(index.manifest.issuerKeyId);
    const staging = `${target}.new-${Date.now()}`;
    await mkdir(staging, { recursive: true });
    // A few writes in flight at once: thousands of small files one by one are slow on any disk.
    let next = 0;
    const writer = async (): Promise<void> => {
      for (let shard = index.shards[next++]; shard; shard = index.shards[next++]) {
        await writeFile(join(staging, `${shard.index}.skrs`), encodeShard(shard));
      }
    };
    await Promise.all(Array.from({ length: WRITES_IN_FLIGHT }, writer));
    await writeFile(join(staging, 'manifest.skrm'), encodeManifest(index.manifest));
    await rm(`${target}.old`, { recursive: true, force: true });
    await rename(target, `${target}.old`).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
    await rename(staging, target);
    await rm(`${target}.old`, { recursive: true, force: true });
    this.manifests.delete(bytesToHex(index.manifest.issuerKeyId));
  }

  /** Adds CA certificates to the folder's anchors (kept once each). */
  async addAnchors(anchors: readonly Certificate[]): Promise<void> {
    const store = new TrustStore([...(await this.anchors()).anchors, ...anchors]);
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, ANCHORS), store.anchors.map((a) => toPem('CERTIFICATE', a.der)).join(''));
  }

  async anchors(): Promise<TrustStore> {
    try {
      return TrustStore.fromFiles([new Uint8Array(await readFile(join(this.dir, ANCHORS)))]);
    } catch (error) {
      if (isMissing(error)) return new TrustStore([]);
      throw error;
    }
  }
}
