/** Counter mode as a lock: kept across reloads, only the exit code unlocks it, guessing is slowed down. */
import { describe, expect, it } from 'vitest';
import { CounterLock, ExitCodeFormatError } from '../../src/app/counter/counter-lock.svelte.ts';
import { readSetting } from '../../src/db/settings.ts';
import { SimulatedDevice } from '../support/device.ts';

describe('CounterLock', () => {
  it('locks the device until the exit code is entered, also after a reload, and keeps only a salted hash', async () => {
    const device = new SimulatedDevice('counter-lock-1');
    const lock = new CounterLock(device.db);
    await lock.load();
    expect([lock.loaded, lock.locked]).toEqual([true, false]);
    await expect(lock.start('12')).rejects.toBeInstanceOf(ExitCodeFormatError);
    await lock.start('482913');
    expect(lock.locked).toBe(true);
    const stored = await readSetting(device.db, 'counterLock');
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('482913');

    device.reload();
    const reloaded = new CounterLock(device.db);
    await reloaded.load();
    expect(reloaded.locked).toBe(true);
    expect(await reloaded.exit('000000')).toEqual({ ok: false, waitMs: 0 });
    expect(reloaded.locked).toBe(true);
    expect(await reloaded.exit('482913')).toEqual({ ok: true });
    expect(reloaded.locked).toBe(false);
    expect(await readSetting(device.db, 'counterLock')).toBeUndefined();
  });

  it('makes the next try wait a minute after five wrong codes, even the right one', async () => {
    const device = new SimulatedDevice('counter-lock-2');
    let now = 1_000_000;
    const lock = new CounterLock(device.db, () => now);
    await lock.start('2468');
    for (let i = 0; i < 4; i++) expect(await lock.exit('1111')).toEqual({ ok: false, waitMs: 0 });
    expect(await lock.exit('1111')).toEqual({ ok: false, waitMs: 60_000 });
    now += 30_000;
    expect(await lock.exit('2468')).toEqual({ ok: false, waitMs: 30_000 });
    expect(lock.locked).toBe(true);
    now += 30_000;
    expect(await lock.exit('2468')).toEqual({ ok: true });
  });
});
