/** Server settings, all from environment variables so a shelter laptop and a city server differ only in env. */
import { join, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * `training`: the server also trusts the committed training JPKI hierarchy (virtual cards, drills,
 * what `npm start` runs for a newcomer). `production`: only the real JPKI CAs and JPKI_CA_FILES.
 */
export type ServerMode = 'training' | 'production';

export interface ServerConfig {
  /** TCP port (PORT, default 8080). */
  port: number;
  /** Interface to listen on (HOST, default 0.0.0.0 so tablets on the shelter LAN can reach it). */
  host: string;
  /** Where the embedded SQLite database and server keys live (DATA_DIR, default ./data). */
  dataDir: string;
  /** PostgreSQL connection string (DATABASE_URL); when set, PostgreSQL replaces SQLite. */
  databaseUrl: string | undefined;
  /** The built app to serve (STATIC_DIR, default ./dist). */
  staticDir: string;
  logLevel: LogLevel;
  /** Bearer token for administrator calls (ADMIN_TOKEN); when unset, one is made and kept in DATA_DIR/admin-token. */
  adminToken: string | undefined;
  /** How long an enrollment code stays usable (ENROLLMENT_CODE_TTL_MINUTES, default 30). */
  enrollmentCodeTtlMinutes: number;
  /** Extra CA certificate files to trust, PEM or DER (JPKI_CA_FILES, comma-separated paths). */
  extraCaFiles: string[];
  /** SHELTERKEY_MODE, default production (`npm start` sets training unless told otherwise). */
  mode: ServerMode;
  /**
   * The Ed25519 key that signs revocation packages (PUBLISHING_KEY_FILE, PKCS#8 PEM); default
   * DATA_DIR/publishing-key.pem, made once. Every server process of one database needs the same.
   */
  publishingKeyFile: string;
  /** CRLs fetched on a schedule (CRL_URLS, comma-separated http(s) addresses). */
  crlUrls: string[];
  /** Minutes between fetches of CRL_URLS (CRL_REFRESH_MINUTES, default 60). */
  crlRefreshMinutes: number;
  /** Largest CRL accepted by upload or fetch, in bytes (CRL_MAX_MB, default 600: a 10M-entry list is about 420 MB). */
  crlMaxBytes: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${env.PORT}".`);
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env.LOG_LEVEL}".`);
  }
  const ttl = Number(env.ENROLLMENT_CODE_TTL_MINUTES ?? 30);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 24 * 60) {
    throw new ConfigError(`ENROLLMENT_CODE_TTL_MINUTES must be a whole number of minutes from 1 to 1440, not "${env.ENROLLMENT_CODE_TTL_MINUTES}".`);
  }
  const mode = (env.SHELTERKEY_MODE || 'production') as ServerMode;
  if (mode !== 'training' && mode !== 'production') {
    throw new ConfigError(`SHELTERKEY_MODE must be training or production, not "${env.SHELTERKEY_MODE}".`);
  }
  if (env.ADMIN_TOKEN !== undefined && env.ADMIN_TOKEN !== '' && env.ADMIN_TOKEN.length < 16) {
    throw new ConfigError('ADMIN_TOKEN must be at least 16 characters long.');
  }
  const refresh = Number(env.CRL_REFRESH_MINUTES || 60);
  if (!Number.isInteger(refresh) || refresh < 1 || refresh > 7 * 24 * 60) {
    throw new ConfigError(`CRL_REFRESH_MINUTES must be a whole number of minutes from 1 to 10080, not "${env.CRL_REFRESH_MINUTES}".`);
  }
  const maxMb = Number(env.CRL_MAX_MB || 600);
  if (!Number.isInteger(maxMb) || maxMb < 1 || maxMb > 4000) {
    throw new ConfigError(`CRL_MAX_MB must be a whole number from 1 to 4000, not "${env.CRL_MAX_MB}".`);
  }
  const crlUrls = list(env.CRL_URLS);
  for (const url of crlUrls) {
    if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new ConfigError(`CRL_URLS: "${url}" is not an http(s) address.`);
  }
  const dataDir = resolve(cwd, env.DATA_DIR ?? 'data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    staticDir: resolve(cwd, env.STATIC_DIR ?? 'dist'),
    logLevel,
    adminToken: env.ADMIN_TOKEN || undefined,
    enrollmentCodeTtlMinutes: ttl,
    extraCaFiles: list(env.JPKI_CA_FILES).map((path) => resolve(cwd, path)),
    mode,
    publishingKeyFile: env.PUBLISHING_KEY_FILE ? resolve(cwd, env.PUBLISHING_KEY_FILE) : join(dataDir, PUBLISHING_KEY_FILE_NAME),
    crlUrls,
    crlRefreshMinutes: refresh,
    crlMaxBytes: maxMb * 1024 * 1024,
  };
}

export const PUBLISHING_KEY_FILE_NAME = 'publishing-key.pem';

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
