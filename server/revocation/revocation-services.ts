/** The server's revocation side, wired once: store, import, published packages, sync re-check. */
import type { TrustStore } from '../../src/pki/trust-store.ts';
import type { Clock } from '../clock.ts';
import { RevocationRepository } from '../storage/revocation-repository.ts';
import type { Storage } from '../storage/storage.ts';
import { CrlImporter } from './crl-import.ts';
import { RevocationPackages } from './package-service.ts';
import type { PublishingKey } from './publishing-key.ts';
import { RevocationRechecker } from './revocation-rechecker.ts';
import { RecheckIndexCache, StoredRevocationIndexes } from './stored-indexes.ts';

export interface RevocationServices {
  trustStore: TrustStore;
  publishingKey: PublishingKey;
  repository: RevocationRepository;
  importer: CrlImporter;
  packages: RevocationPackages;
  rechecker: RevocationRechecker;
}

export function createRevocationServices(options: { storage: Storage; trustStore: TrustStore; publishingKey: PublishingKey; clock: Clock }): RevocationServices {
  const { trustStore, publishingKey, clock } = options;
  const repository = new RevocationRepository(options.storage.db);
  return {
    trustStore,
    publishingKey,
    repository,
    importer: new CrlImporter({ repository, trustStore, publishingKey, clock }),
    packages: new RevocationPackages(repository, publishingKey),
    rechecker: new RevocationRechecker(trustStore, new RecheckIndexCache(new StoredRevocationIndexes(repository))),
  };
}
