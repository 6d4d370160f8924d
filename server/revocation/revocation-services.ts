/**
 * The server's revocation side, wired once: store, import (which re-checks the validations a new
 * list changes), published packages, sync re-check.
 */
import type { TrustStore } from '../../src/pki/trust-store.ts';
import type { Clock } from '../clock.ts';
import { RevocationRepository } from '../storage/revocation-repository.ts';
import type { Storage } from '../storage/storage.ts';
import { CrlImporter } from './crl-import.ts';
import { RevocationPackages } from './package-service.ts';
import type { PublishingKey } from './publishing-key.ts';
import { RevocationRechecker } from './revocation-rechecker.ts';
import { RecheckIndexCache, StoredRevocationIndexes } from './stored-indexes.ts';
import { ValidationRecheck } from './validation-recheck.ts';

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
  const rechecker = new RevocationRechecker(trustStore, new RecheckIndexCache(new StoredRevocationIndexes(repository)));
  const validations = new ValidationRecheck(options.storage.db, rechecker, clock);
  return {
    trustStore,
    publishingKey,
    repository,
    importer: new CrlImporter({ repository, trustStore, publishingKey, clock, afterImport: (issuer, serials) => validations.afterImport(issuer, serials) }),
    packages: new RevocationPackages(repository, publishingKey),
    rechecker,
  };
}
