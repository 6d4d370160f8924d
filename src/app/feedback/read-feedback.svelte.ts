/**
 * A beep and a short vibration when a card has been read, so staff facing the resident know
 * without looking: one high tone for a good card, two low ones for a card that cannot be used or
 * a read that failed. Switchable (saved on the device); silent where the browser has no
 * WebAudio or vibration.
 */
import type { ShelterkeyDatabase } from '../../db/database.ts';
import { readSetting, writeSetting } from '../../db/settings.ts';

export type FeedbackTone = 'good' | 'attention' | 'bad';

const TONES: Record<FeedbackTone, { hz: number; beeps: number; vibrate: number[] }> = {
  good: { hz: 1046, beeps: 1, vibrate: [80] },
  attention: { hz: 784, beeps: 2, vibrate: [80, 60, 80] },
  bad: { hz: 392, beeps: 2, vibrate: [200, 100, 200] },
};

const BEEP_SECONDS = 0.12;
const GAP_SECONDS = 0.08;

export class ReadFeedback {
  enabled = $state(true);
  private audio: AudioContext | undefined;

  constructor(private readonly db: ShelterkeyDatabase) {}

  async load(): Promise<void> {
    this.enabled = (await readSetting(this.db, 'readFeedback')) ?? true;
  }

  async setEnabled(enabled: boolean): Promise<void> {
    this.enabled = enabled;
    await writeSetting(this.db, 'readFeedback', enabled);
  }

  signal(tone: FeedbackTone): void {
    if (!this.enabled) return;
    const { hz, beeps, vibrate } = TONES[tone];
    try {
      navigator.vibrate?.(vibrate);
    } catch {
      // vibration is a nicety
    }
    this.beep(hz, beeps);
  }

  private beep(hz: number, beeps: number): void {
    if (typeof AudioContext === 'undefined') return;
    try {
      this.audio ??= new AudioContext();
      const audio = this.audio;
      // Browsers start audio suspended until the page had a user gesture; staff have tapped by now.
      if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
      for (let i = 0; i < beeps; i++) {
        const start = audio.currentTime + i * (BEEP_SECONDS + GAP_SECONDS);
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.frequency.value = hz;
        gain.gain.setValueAtTime(0.2, start);
        gain.gain.exponentialRampToValueAtTime(0.001, start + BEEP_SECONDS);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(start);
        oscillator.stop(start + BEEP_SECONDS);
      }
    } catch {
      // no audio output: nothing to do
    }
  }
}
