/**
 * The administrator token. With ADMIN_TOKEN unset (a first `npm start`), one is made once and
 * kept in DATA_DIR/admin-token, readable by the server's user only; its path is logged, never
 * its value.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newToken } from './security/secrets.ts';

export const ADMIN_TOKEN_FILE = 'admin-token';

export function resolveAdminToken(configured: string | undefined, dataDir: string): { token: string; file: string | undefined } {
  if (configured) return { token: configured, file: undefined };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return { token: stored, file };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = newToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file };
}
