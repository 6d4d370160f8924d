import type { Language } from '../protocol/language.ts';
import type { ReaderKind } from '../reader/reader.ts';
import type { ShelterkeyDatabase } from './database.ts';

/** This device's identity with the server, once enrolled. The token is a device credential, never a PIN. */
export interface DeviceEnrollment {
  deviceId: string;
  token: string;
  serverUrl: string;
  enrolledAt: string;
}

export interface ShelterIdentity {
  id: string;
  name: string;
  /** Made on this device before enrollment; the server maps it to the real shelter. */
  provisional: boolean;
  /** The provisional id used before enrollment, kept so a re-enrolled device can still send those events. */
  provisionalId?: string;
}

/** The card reader staff chose on this device, to find it again after a reload. */
export interface ReaderChoiceSetting {
  kind: ReaderKind;
  /** Reader.id when it was chosen (ids of the training reader are stable; others may change). */
  readerId: string;
  readerName: string;
}

/**
 * The device is locked into the resident counter until staff enter the exit code. Only the
 * code's salted PBKDF2 hash is kept; nothing about residents.
 */
export interface CounterLockSetting {
  salt: string;
  hash: string;
  startedAt: string;
}

/** The device settings and their types; a setting not yet saved reads as undefined. */
export interface Settings {
  language: Language;
  shelter: ShelterIdentity;
  enrollment: DeviceEnrollment;
  /** The next sequence number for an event made on this device. */
  nextSequence: number;
  /** The server's pull cursor: events of other devices up to here are on this device. */
  pullCursor: string;
  /** The server's verdict feed cursor: the shelter's verdict changes up to here are on this device. */
  verdictCursor: string;
  lastSyncedAt: string;
  reader: ReaderChoiceSetting;
  /** Beep and vibrate when a card has been read (default on). */
  readFeedback: boolean;
  /**
   * The server's Ed25519 publishing key (raw 32 bytes, base64), pinned at enrollment: revocation
   * packages are applied only when signed with it.
   */
  publishingKey: string;
  counterLock: CounterLockSetting;
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

export async function deleteSetting(db: ShelterkeyDatabase, key: keyof Settings): Promise<void> {
  await db.settings.delete(key);
}
