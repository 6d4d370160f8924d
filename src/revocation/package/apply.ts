/**
 * What a verified package does to the index a device holds for its issuer (pure; the caller
 * stores the result in one transaction). A snapshot replaces the index unless the device holds a
 * newer list (imported from a file, say); a delta must start from exactly the version held, and
 * after the merge every shard must hold as many entries as the publisher's index does.
 */
import { applyDelta } from '../compact-index/merge.ts';
import type { IndexManifest, RevocationIndex } from '../compact-index/model.ts';
import { RevocationPackageMismatchError } from '../errors.ts';
import type { RevocationPackage } from './verify.ts';

export interface HeldIndex {
  index: RevocationIndex;
  /** The package version it came from; undefined when it was imported on the device from a CRL. */
  version: number | undefined;
}

/** True when `held` is a newer list than `offered` (by CRL number, else by thisUpdate). */
export function holdsNewerList(held: IndexManifest, offered: IndexManifest): boolean {
  if (held.crlNumber !== undefined && offered.crlNumber !== undefined) return held.crlNumber > offered.crlNumber;
  return held.thisUpdate > offered.thisUpdate;
}

/** The issuer's index after the package, or undefined when the device already holds a newer list. */
export function applyRevocationPackage(held: HeldIndex | undefined, pkg: RevocationPackage): RevocationIndex | undefined {
  if (pkg.kind === 'snapshot') {
    return held && holdsNewerList(held.index.manifest, pkg.index.manifest) ? undefined : pkg.index;
  }
  const from = pkg.header.fromVersion;
  if (!held || held.version !== from) {
    throw new RevocationPackageMismatchError(`it updates version ${from}; this device holds ${held?.version ?? 'none'}`);
  }
  const base = held.index.manifest;
  if (base.crlNumber === undefined || base.crlNumber !== pkg.delta.manifest.baseCrlNumber) {
    throw new RevocationPackageMismatchError(`it updates list number ${pkg.delta.manifest.baseCrlNumber ?? '-'}; this device holds ${base.crlNumber ?? '-'}`);
  }
  const { target } = pkg;
  const merged = applyDelta(held.index, pkg.delta.shards, {
    crlNumber: target.crlNumber,
    deltaBaseCrlNumber: base.baseCrlNumber ?? base.crlNumber,
    thisUpdate: target.thisUpdate,
    nextUpdate: target.nextUpdate,
  });
  const wrong = merged.shards.findIndex((shard, i) => shard.count !== target.shards[i]?.count);
  if (wrong >= 0 || merged.shards.length !== target.shards.length) {
    throw new RevocationPackageMismatchError(`shard ${wrong} does not come out as published`);
  }
  // The publisher's manifest, with the record widths of the shards as merged here.
  return { manifest: { ...target, shards: merged.shards.map((s) => ({ count: s.count, width: s.width })) }, shards: merged.shards };
}
