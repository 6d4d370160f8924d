import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadFeedback } from '../../src/app/feedback/read-feedback.svelte.ts';
import { readSetting } from '../../src/db/settings.ts';
import { SimulatedDevice } from '../support/device.ts';

describe('ReadFeedback', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('vibrates a pattern per outcome while on, nothing once switched off, and keeps the switch', async () => {
    const patterns: unknown[] = [];
    vi.stubGlobal('navigator', { vibrate: (pattern: unknown) => patterns.push(pattern) });
    const tablet = new SimulatedDevice('feedback');
    const feedback = new ReadFeedback(tablet.db);
    await feedback.load();
    expect(feedback.enabled).toBe(true);
    feedback.signal('good');
    feedback.signal('bad');
    expect(patterns).toEqual([[80], [200, 100, 200]]);

    await feedback.setEnabled(false);
    feedback.signal('good');
    expect(patterns).toHaveLength(2);
    expect(await readSetting(tablet.db, 'readFeedback')).toBe(false);
    const again = new ReadFeedback(tablet.db);
    await again.load();
    expect(again.enabled).toBe(false);
  });
});
