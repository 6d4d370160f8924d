/**
 * Counter mode as a lock: staff start it with an exit code of their choosing, and until the code
 * is entered again the app shows only the resident counter — after a reload too, since the lock
 * is a device setting. The code is kept as a salted PBKDF2-SHA-256 hash (WebCrypto); after
 * repeated wrong codes the next try waits, so a resident cannot guess it at the screen.
 */
import type { ShelterkeyDatabase } from '../../db/database.ts';
import { deleteSetting, readSetting, writeSetting } from '../../db/settings.ts';
import { bytesToHex } from '../../protocol/encoding.ts';
import { UserFacingError } from '../../protocol/user-facing-error.ts';

const ITERATIONS = 200_000;
const FREE_TRIES = 5;
const WAIT_MS = 60_000;
export const EXIT_CODE_PATTERN = /^\d{4,8}$/;

export class ExitCodeFormatError extends UserFacingError {
  readonly code = 'counter_exit_code_format';
  constructor() {
    super({ ja: '終了コードは数字4〜8桁です。', en: 'The exit code is 4 to 8 digits.' });
  }
}

async function hashCode(code: string, salt: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS }, key, 256);
  return bytesToHex(new Uint8Array(bits));
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array((hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16)));
}

const isoTime = (ms: number): string => new Date(ms).toISOString();

export type ExitAttempt = { ok: true } | { ok: false; waitMs: number };

export class CounterLock {
  locked = $state(false);
  /** The setting has been read (before that, the app shows nothing it might have to hide). */
  loaded = $state(false);
  private wrongTries = 0;
  private blockedUntil = 0;

  constructor(
    private readonly db: ShelterkeyDatabase,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async load(): Promise<void> {
    this.locked = (await readSetting(this.db, 'counterLock')) !== undefined;
    this.loaded = true;
  }

  /** Locks the device into counter mode; `code` (4-8 digits) will unlock it. */
  async start(code: string): Promise<void> {
    if (!EXIT_CODE_PATTERN.test(code)) throw new ExitCodeFormatError();
    const salt = crypto.getRandomValues(new Uint8Array(16));
    await writeSetting(this.db, 'counterLock', { salt: bytesToHex(salt), hash: await hashCode(code, salt), startedAt: isoTime(this.now()) });
    this.wrongTries = 0;
    this.blockedUntil = 0;
    this.locked = true;
  }

  /** Unlocks with the exit code; a wrong one counts, and after a few the next try must wait. */
  async exit(code: string): Promise<ExitAttempt> {
    const waitMs = this.blockedUntil - this.now();
    if (waitMs > 0) return { ok: false, waitMs };
    const lock = await readSetting(this.db, 'counterLock');
    if (!lock) {
      this.locked = false;
      return { ok: true };
    }
    if (EXIT_CODE_PATTERN.test(code) && (await hashCode(code, hexToBytes(lock.salt))) === lock.hash) {
      await deleteSetting(this.db, 'counterLock');
      this.wrongTries = 0;
      this.locked = false;
      return { ok: true };
    }
    this.wrongTries += 1;
    if (this.wrongTries >= FREE_TRIES) this.blockedUntil = this.now() + WAIT_MS;
    return { ok: false, waitMs: this.wrongTries >= FREE_TRIES ? WAIT_MS : 0 };
  }
}
