/**
 * CRLs made by `openssl ca -gencrl` for tests: v1 and v2, entries with reason codes and
 * invalidity dates, CRL number, AKI, IDP, delta CRL indicator, any extra extension. Real DER from
 * a real implementation, and `openssl crl -text` to compare our reading with.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, type Issued, type OpenSslWorkspace } from './openssl.ts';

export interface RevokedSpec {
  /** Serial in hex, as `openssl ca` keeps it in index.txt. */
  serial: string;
  /** Revocation time, `YYMMDDHHMMSSZ`. */
  revoked: string;
  /**
   * An `openssl ca` reason: unspecified, keyCompromise, CACompromise, affiliationChanged,
   * superseded, cessationOfOperation, certificateHold, removeFromCRL.
   */
  reason?: string;
  /** Invalidity date `YYYYMMDDHHMMSSZ`; needs reason keyCompromise (written as openssl's keyTime). */
  invalidity?: string;
}

export interface CrlOptions {
  entries: RevokedSpec[];
  /** Lines of the CRL extension section; none makes a v1 CRL when entries have no reasons. */
  extensions?: string[];
  /** Next CRL number written to the crlnumber file (hex); omitted: no CRL number. */
  crlNumber?: string;
  /** `YYMMDDHHMMSSZ` or `YYYYMMDDHHMMSSZ`. */
  lastUpdate?: string;
  nextUpdate?: string;
  digest?: string;
  sigopts?: string[];
}

export interface MadeCrl {
  pemPath: string;
  derPath: string;
  der: Uint8Array<ArrayBuffer>;
}

let counter = 0;

function revocationField(entry: RevokedSpec): string {
  if (entry.invalidity) return `${entry.revoked},keyTime,${entry.invalidity}`;
  return entry.reason ? `${entry.revoked},${entry.reason}` : entry.revoked;
}

/** Makes a CRL signed by `ca` in a folder of the workspace. */
export function makeCrl(ws: OpenSslWorkspace, ca: Issued, options: CrlOptions): MadeCrl {
  const dir = mkdtempSync(join(ws.dir, `crl-${counter++}-`));
  const index = options.entries.map((e) => `R\t491231235959Z\t${revocationField(e)}\t${(e.serial.length % 2 ? `0${e.serial}` : e.serial).toUpperCase()}\tunknown\t/CN=holder${e.serial}\n`).join('');
  writeFileSync(join(dir, 'index.txt'), index);
  writeFileSync(join(dir, 'index.txt.attr'), 'unique_subject = no\n');
  if (options.crlNumber) writeFileSync(join(dir, 'crlnumber'), `${options.crlNumber}\n`);
  const extensions = options.extensions ?? [];
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = ca_default',
      '[ca_default]',
      `database = ${join(dir, 'index.txt')}`,
      options.crlNumber ? `crlnumber = ${join(dir, 'crlnumber')}` : '',
      `default_md = ${options.digest ?? 'sha256'}`,
      'default_crl_days = 30',
      extensions.length > 0 ? 'crl_extensions = crl_ext' : '',
      '[crl_ext]',
      ...extensions,
      '',
    ].join('\n'),
  );
  const pemPath = join(dir, 'crl.pem');
  const derPath = join(dir, 'crl.der');
  openssl([
    'ca', '-gencrl', '-batch', '-config', join(dir, 'ca.cnf'), '-keyfile', ca.keyPath, '-cert', ca.certPath, '-out', pemPath,
    ...(options.lastUpdate ? ['-crl_lastupdate', options.lastUpdate] : []),
    ...(options.nextUpdate ? ['-crl_nextupdate', options.nextUpdate] : []),
    ...(options.sigopts ?? []).flatMap((o) => ['-sigopt', o]),
  ]);
  openssl(['crl', '-in', pemPath, '-outform', 'DER', '-out', derPath]);
  return { pemPath, derPath, der: new Uint8Array(readFileSync(derPath)) };
}

const OPENSSL_REASONS: Readonly<Record<string, string>> = {
  Unspecified: 'unspecified',
  'Key Compromise': 'keyCompromise',
  'CA Compromise': 'cACompromise',
  'Affiliation Changed': 'affiliationChanged',
  Superseded: 'superseded',
  'Cessation Of Operation': 'cessationOfOperation',
  'Certificate Hold': 'certificateHold',
  'Remove From CRL': 'removeFromCRL',
  'Privilege Withdrawn': 'privilegeWithdrawn',
  'AA Compromise': 'aACompromise',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan  2 03:04:05 2024 GMT` → `2024-01-02T03:04:05Z`. */
function isoFromOpenSsl(text: string): string {
  const match = /^(\w{3}) +(\d+) (\d\d:\d\d:\d\d) (\d+) GMT$/.exec(text.trim());
  if (!match) throw new Error(`unexpected OpenSSL date: ${text}`);
  const [, month = '', day = '', time = '', year = ''] = match;
  return `${year.padStart(4, '0')}-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}T${time}Z`;
}

/**
 * The entries of `openssl crl -text` as `SERIAL DATE REASON` lines, the CLI's dump format,
 * translated from OpenSSL's own words.
 */
export function opensslDumpLines(crlPath: string, inform: 'PEM' | 'DER' = 'DER'): string[] {
  const text = openssl(['crl', '-in', crlPath, '-inform', inform, '-noout', '-text']);
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const serial = /^\s+Serial Number: ([0-9A-F]+)$/.exec(lines[i]);
    if (!serial) continue;
    const date = /^\s+Revocation Date: (.*)$/.exec(lines[i + 1] ?? '');
    if (!date) throw new Error(`no revocation date after line ${i}`);
    let reason = '-';
    for (let j = i + 2; j < lines.length && !/Serial Number:|Signature Algorithm:/.test(lines[j]); j++) {
      if (/X509v3 CRL Reason Code:/.test(lines[j])) {
        const name = (lines[j + 1] ?? '').trim();
        reason = OPENSSL_REASONS[name] ?? `?${name}`;
      }
    }
    out.push(`${serial[1]} ${isoFromOpenSsl(date[1])} ${reason}`);
  }
  return out;
}
