import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrations } from '../../server/storage/migrations/index.ts';
import { MetaRepository } from '../../server/storage/meta-repository.ts';
import { storageEngines, type TestStorage } from '../support/storage-engines.ts';

for (const engine of storageEngines) {
  describe.skipIf(!engine.available)(`storage contract on ${engine.engine}`, () => {
    let subject: TestStorage;

    beforeEach(async () => {
      subject = await engine.open();
    });

    afterEach(async () => {
      await subject.dispose();
    });

    it('reports its engine and the newest migration', async () => {
      expect(subject.storage.engine).toBe(engine.engine);
      expect(await subject.storage.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    });

    it('applies nothing when migrated twice, also from a second process', async () => {
      expect(await subject.storage.migrate()).toEqual([]);
      expect(await subject.openAnother().migrate()).toEqual([]);
    });

    it('answers a ping', async () => {
      await expect(subject.storage.ping()).resolves.toBeUndefined();
    });

    it('fails a ping with a StorageError once closed', async () => {
      const another = subject.openAnother();
      await another.close();
      await expect(another.ping()).rejects.toThrow(/database does not answer/);
    });

    it('keeps installation facts, overwriting on set and not on setIfAbsent', async () => {
      const meta = new MetaRepository(subject.storage.db);
      expect(await meta.get('publishing-key')).toBeUndefined();
      await meta.set('publishing-key', 'k1');
      await meta.set('publishing-key', 'k2');
      expect(await meta.get('publishing-key')).toBe('k2');
      expect(await meta.setIfAbsent('publishing-key', 'k3')).toBe('k2');
      expect(await meta.setIfAbsent('instance', 'i1')).toBe('i1');
    });

    it('sees what a second connection wrote', async () => {
      await new MetaRepository(subject.openAnother().db).set('shared', 'yes');
      expect(await new MetaRepository(subject.storage.db).get('shared')).toBe('yes');
    });

    it('lists every migration in name order', () => {
      const names = Object.keys(migrations);
      expect(names).toEqual([...names].sort());
      expect(names.at(-1)).toBe(LATEST_SCHEMA_VERSION);
    });
  });
}
