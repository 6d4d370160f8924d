/**
 * The MyKey repositories behind the storage contract, on SQLite and PostgreSQL: first sights of
 * a certificate from two server processes, renewal carry-over rules, single-use challenges, and
 * fee counters that stay exact under concurrent checks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChallengesRepository, CHALLENGE_TTL_MS } from '../../server/storage/mykey-challenges-repository.ts';
import { FeesRepository } from '../../server/storage/mykey-fees-repository.ts';
import { LinksRepository } from '../../server/storage/mykey-links-repository.ts';
import { PersonsRepository, type CertificateFacts } from '../../server/storage/mykey-persons-repository.ts';
import { RelyingPartiesRepository } from '../../server/storage/relying-parties-repository.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';

const NOW = new Date('2026-11-20T09:00:00Z');

/**
 * A second server process's connection on PostgreSQL. Two SQLite connections in one process
 * cannot both wait on the file's lock (better-sqlite3 blocks the thread), so there the calls
 * interleave on one connection instead (separate SQLite processes are covered by audit.test.ts).
 */
function secondProcess(subject: TestStorage, engine: string) {
  return engine === 'postgres' ? subject.openAnother().db : subject.storage.db;
}

function facts(n: number): CertificateFacts {
  const hex = n.toString(16).padStart(2, '0');
  return { hash: hex.repeat(32), issuerKeyId: 'aa'.repeat(20), serial: `10${hex}`, mykeyId: `ABCDEFGHIJKL${hex.toUpperCase()}04202001A`, notAfter: new Date('2030-01-01T00:00:00Z') };
}

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`MyKey storage on ${engine.engine}`, () => {
    let subject: TestStorage;
    let persons: PersonsRepository;

    beforeEach(async () => {
      subject = await engine.open();
      persons = new PersonsRepository(subject.storage.db);
    });

    afterEach(async () => {
      await subject.dispose();
    });

    it('creates one person for a certificate first seen by two server processes at once', async () => {
      const other = new PersonsRepository(secondProcess(subject, engine.engine));
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? persons : other).findOrCreate(facts(1), NOW)));
      expect(new Set(results.map((r) => r.personId)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await subject.storage.db.selectFrom('mykey_persons').selectAll().execute()).toHaveLength(1);
      expect(await persons.personOfIssuerSerial('aa'.repeat(20), '1001')).toBe(results[0]?.personId);
    });

    it('moves a renewed certificate from a fresh person only, and joins an unseen one', async () => {
      const { personId: established } = await persons.findOrCreate(facts(1), NOW);
      const { personId: fresh } = await persons.findOrCreate(facts(2), NOW);
      expect(await persons.carryOver(facts(2), established, 'attributes', NOW)).toBe('joined');
      expect(await persons.personOf(facts(2).hash)).toBe(established);
      expect(await subject.storage.db.selectFrom('mykey_persons').select('id').where('id', '=', fresh).execute()).toEqual([]);
      expect(await persons.carryOver(facts(2), established, 'attributes', NOW)).toBe('already-joined');
      expect(await persons.carryOver(facts(3), established, 'serial-link', NOW)).toBe('joined');
      expect((await persons.certificates(established)).map((c) => c.joinedBy).sort()).toEqual(['attributes', 'first-seen', 'serial-link']);

      // A person with a link is not fresh: its certificate stays.
      const system = (await new RelyingPartiesRepository(subject.storage.db).create({ name: 'lib', scopes: ['links'], rateLimitPerMinute: 10 }, NOW)).relyingParty;
      const { personId: linked } = await persons.findOrCreate(facts(4), NOW);
      await new LinksRepository(subject.storage.db).link(linked, system.id, 'L-4', 'rp', NOW);
      expect(await persons.carryOver(facts(4), established, 'operator', NOW)).toBe('held-by-established-person');
      expect(await persons.personOf(facts(4).hash)).toBe(linked);
      // Nor is one with a registered attributes digest.
      const { personId: registered } = await persons.findOrCreate(facts(5), NOW);
      await persons.setAttributesDigest(registered, 'ff'.repeat(32), NOW);
      expect(await persons.carryOver(facts(5), established, 'operator', NOW)).toBe('held-by-established-person');
    });

    it('spends a challenge once, only for its device, only before it expires', async () => {
      const challenges = new ChallengesRepository(subject.storage.db);
      const issued = await challenges.issue('device-1', NOW);
      expect(issued.challenge).toHaveLength(32);
      expect(await challenges.spend(issued.id, 'device-2', NOW)).toBeUndefined();
      expect(await challenges.spend(issued.id, 'device-1', NOW)).toEqual(issued.challenge);
      expect(await challenges.spend(issued.id, 'device-1', NOW)).toBeUndefined();
      const late = await challenges.issue('device-1', NOW);
      expect(await challenges.spend(late.id, 'device-1', new Date(NOW.getTime() + CHALLENGE_TTL_MS))).toBeUndefined();
      // Expired challenges are removed as new ones are issued.
      await challenges.issue('device-1', new Date(NOW.getTime() + 2 * CHALLENGE_TTL_MS));
      expect(await subject.storage.db.selectFrom('mykey_challenges').selectAll().execute()).toHaveLength(1);
    });

    it('keeps fee counters exact when checks arrive at once from two server processes', async () => {
      const fees = new FeesRepository(subject.storage.db);
      const other = new FeesRepository(secondProcess(subject, engine.engine));
      const check = (subjectDigest: string) => ({ relyingPartyId: 'rp-1', certificateType: 'user-authentication' as const, month: '2026-11', year: 2026, subjectDigest });
      const firsts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? fees : other).record(check(i % 4 === 0 ? 'a' : 'b'))));
      expect(firsts.filter(Boolean)).toHaveLength(2);
      expect(await fees.forMonth('2026-11')).toEqual([
        { month: '2026-11', relyingPartyId: 'rp-1', relyingPartyName: undefined, certificateType: 'user-authentication', checks: 20, billable: 2 },
      ]);
      expect(await fees.record({ ...check('a'), month: '2027-01', year: 2027 })).toBe(true);
    });
  });
}
