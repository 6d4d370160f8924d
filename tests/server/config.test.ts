import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';

describe('readConfig', () => {
  it('defaults to port 8080, SQLite under ./data and the built app in ./dist', () => {
    const config = readConfig({}, '/srv/shelterkey');
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/shelterkey/data',
      databaseUrl: undefined,
      staticDir: '/srv/shelterkey/dist',
      logLevel: 'info',
      adminToken: undefined,
      enrollmentCodeTtlMinutes: 30,
      extraCaFiles: [],
      mode: 'production',
      publishingKeyFile: '/srv/shelterkey/data/publishing-key.pem',
      crlUrls: [],
      crlRefreshMinutes: 60,
      crlMaxBytes: 600 * 1024 * 1024,
    });
  });

  it('reads the publishing key file and the CRL sources', () => {
    const config = readConfig(
      { DATA_DIR: '/var/lib/sk', PUBLISHING_KEY_FILE: 'keys/publish.pem', CRL_URLS: 'https://crl.example.jp/auth.crl, http://10.0.0.5/sign.crl', CRL_REFRESH_MINUTES: '15', CRL_MAX_MB: '50' },
      '/srv',
    );
    expect(config.publishingKeyFile).toBe('/srv/keys/publish.pem');
    expect(config.crlUrls).toEqual(['https://crl.example.jp/auth.crl', 'http://10.0.0.5/sign.crl']);
    expect(config.crlRefreshMinutes).toBe(15);
    expect(config.crlMaxBytes).toBe(50 * 1024 * 1024);
    expect(() => readConfig({ CRL_URLS: 'ftp://crl.example.jp/a.crl' })).toThrow(/CRL_URLS/);
    expect(() => readConfig({ CRL_REFRESH_MINUTES: '0' })).toThrow(/CRL_REFRESH_MINUTES/);
    expect(() => readConfig({ CRL_MAX_MB: 'lots' })).toThrow(/CRL_MAX_MB/);
  });

  it('takes training or production mode and nothing else', () => {
    expect(readConfig({ SHELTERKEY_MODE: 'training' }).mode).toBe('training');
    expect(readConfig({ SHELTERKEY_MODE: 'production' }).mode).toBe('production');
    expect(() => readConfig({ SHELTERKEY_MODE: 'demo' })).toThrow(/SHELTERKEY_MODE/);
  });

  it('reads the admin token, code lifetime and extra CA files', () => {
    const config = readConfig({ ADMIN_TOKEN: 'a-long-enough-token', ENROLLMENT_CODE_TTL_MINUTES: '10', JPKI_CA_FILES: 'ca/2019.pem, /etc/jpki/extra.pem' }, '/srv');
    expect(config.adminToken).toBe('a-long-enough-token');
    expect(config.enrollmentCodeTtlMinutes).toBe(10);
    expect(config.extraCaFiles).toEqual(['/srv/ca/2019.pem', '/etc/jpki/extra.pem']);
    expect(() => readConfig({ ADMIN_TOKEN: 'short' })).toThrow(/16 characters/);
    expect(() => readConfig({ ENROLLMENT_CODE_TTL_MINUTES: '0' })).toThrow(ConfigError);
  });

  it('takes PORT, DATA_DIR and DATABASE_URL from the environment', () => {
    const config = readConfig({ PORT: '9000', DATA_DIR: '/var/lib/sk', DATABASE_URL: 'postgres://db/sk' }, '/srv');
    expect(config.port).toBe(9000);
    expect(config.dataDir).toBe('/var/lib/sk');
    expect(config.databaseUrl).toBe('postgres://db/sk');
  });

  it('refuses a port that is not a port', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/0 to 65535/);
  });

  it('refuses an unknown log level', () => {
    expect(() => readConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
