/** Wires the MyKey functions into the app: repositories, services, and the three groups of routes. */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.ts';
import { registerRelyingPartyAuth } from '../plugins/relying-party-auth.ts';
import { registerCounterRoutes } from '../routes/counter.ts';
import { registerMyKeyAdminRoutes } from '../routes/mykey-admin.ts';
import { registerRelyingPartyRoutes } from '../routes/relying-party-api.ts';
import { MetaRepository } from '../storage/meta-repository.ts';
import { ChallengesRepository } from '../storage/mykey-challenges-repository.ts';
import { ConsentsRepository } from '../storage/mykey-consents-repository.ts';
import { FeesRepository } from '../storage/mykey-fees-repository.ts';
import { LinksRepository } from '../storage/mykey-links-repository.ts';
import { PersonsRepository } from '../storage/mykey-persons-repository.ts';
import { RelyingPartiesRepository } from '../storage/relying-parties-repository.ts';
import type { Storage } from '../storage/storage.ts';
import { CertificateChecks } from './certificate-checks.ts';
import { FeeMeter } from './fees/fee-meter.ts';
import { KeyPossession } from './key-possession.ts';
import { Renewals } from './renewals.ts';
import type { SerialLinkService } from './serial-link.ts';
import { loadServerKeys } from './server-keys.ts';
import type { RevocationLookup } from './validity.ts';

export interface MyKeyDependencies {
  storage: Storage;
  lookup: RevocationLookup;
  serialLinks: SerialLinkService;
  clock: Clock;
}

export async function registerMyKey(app: FastifyInstance, { storage, lookup, serialLinks, clock }: MyKeyDependencies): Promise<void> {
  const keys = await loadServerKeys(new MetaRepository(storage.db));
  const relyingParties = new RelyingPartiesRepository(storage.db);
  const persons = new PersonsRepository(storage.db);
  const links = new LinksRepository(storage.db);
  const consents = new ConsentsRepository(storage.db);
  const fees = new FeesRepository(storage.db);
  const challenges = new ChallengesRepository(storage.db);
  const checks = new CertificateChecks({ lookup, persons, fees: new FeeMeter(fees, keys.fees), clock });
  const renewals = new Renewals({ persons, serialLinks, attributesKey: keys.attributes, clock });

  const guards = registerRelyingPartyAuth(app, relyingParties);
  registerRelyingPartyRoutes(app, { guards, checks, links, consents, clock });
  registerCounterRoutes(app, {
    persons,
    links,
    consents,
    challenges,
    keyPossession: new KeyPossession(challenges, clock),
    checks,
    relyingParties,
    renewals,
    attributesKey: keys.attributes,
    clock,
  });
  registerMyKeyAdminRoutes(app, { relyingParties, fees, checks, renewals, clock });
}
