import type { Language } from '../protocol/language.ts';
import type { ShelterkeyDatabase } from './database.ts';

/** The device settings and their types; a setting not yet saved reads as undefined. */
export interface Settings {
  language: Language;
}

export async function readSetting<K extends keyof Settings>(
  db: ShelterkeyDatabase,
  key: K,
): Promise<Settings[K] | undefined> {
  const row = await db.settings.get(key);
  return row?.value as Settings[K] | undefined;
}

export async function writeSetting<K extends keyof Settings>(
  db: ShelterkeyDatabase,
  key: K,
  value: Settings[K],
): Promise<void> {
  await db.settings.put({ key, value });
}
