/**
 * Certificates made by OpenSSL for tests: CA generations, leaves, any key type, any extension.
 * Real DER from a real implementation, so our parser and verifier are checked against it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeySpec = 'rsa2048' | 'rsa3072' | 'ec-p256' | 'ec-p384';

export interface Issued {
  /** Path of the PEM certificate. */
  certPath: string;
  keyPath: string;
  der: Uint8Array<ArrayBuffer>;
}

export function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

export class OpenSslWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'shelterkey-openssl-'));
  private counter = 0;

  private path(name: string): string {
    return join(this.dir, `${this.counter++}-${name}`);
  }

  newKey(spec: KeySpec): string {
    const keyPath = this.path('key.pem');
    const algorithm =
      spec === 'rsa2048' || spec === 'rsa3072'
        ? ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${spec === 'rsa2048' ? 2048 : 3072}`]
        : ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${spec === 'ec-p256' ? 'P-256' : 'P-384'}`];
    openssl(['genpkey', ...algorithm, '-out', keyPath]);
    return keyPath;
  }

  private extfile(lines: string[]): string {
    const path = this.path('ext.cnf');
    writeFileSync(path, `[req]\ndistinguished_name = dn\n[dn]\n[ext]\n${lines.join('\n')}\n`);
    return path;
  }

  private toDer(certPath: string): Uint8Array<ArrayBuffer> {
    const derPath = `${certPath}.der`;
    openssl(['x509', '-in', certPath, '-outform', 'DER', '-out', derPath]);
    return new Uint8Array(readFileSync(derPath));
  }

  /** A self-signed CA. `subject` in OpenSSL's /C=JP/O=… form. */
  selfSignedCa(options: { subject: string; key?: KeySpec; days?: number; extensions?: string[]; digest?: string; serial?: string }): Issued {
    const keyPath = this.newKey(options.key ?? 'rsa2048');
    const certPath = this.path('ca.pem');
    const ext = this.extfile(
      options.extensions ?? [
        'basicConstraints = critical, CA:TRUE',
        'keyUsage = critical, keyCertSign, cRLSign',
        'subjectKeyIdentifier = hash',
      ],
    );
    openssl([
      'req', '-x509', '-new', '-key', keyPath, '-subj', options.subject, '-utf8', '-days', String(options.days ?? 3650),
      `-${options.digest ?? 'sha256'}`, '-set_serial', options.serial ?? '1', '-config', ext, '-extensions', 'ext', '-out', certPath,
    ]);
    return { certPath, keyPath, der: this.toDer(certPath) };
  }

  /** A certificate issued by `issuer`. */
  issue(
    issuer: Issued,
    options: { subject: string; key?: KeySpec; days?: number; extensions?: string[]; digest?: string; serial?: string; sigopts?: string[] },
  ): Issued {
    const keyPath = this.newKey(options.key ?? 'rsa2048');
    const csrPath = this.path('csr.pem');
    openssl(['req', '-new', '-key', keyPath, '-subj', options.subject, '-utf8', '-out', csrPath, '-config', this.extfile([])]);
    const certPath = this.path('cert.pem');
    const ext = this.extfile(
      options.extensions ?? [
        'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature',
        'authorityKeyIdentifier = keyid:always',
        'subjectKeyIdentifier = hash',
      ],
    );
    openssl([
      'x509', '-req', '-in', csrPath, '-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-set_serial', options.serial ?? '0x1234',
      '-days', String(options.days ?? 365), `-${options.digest ?? 'sha256'}`, '-extfile', ext, '-extensions', 'ext', '-out', certPath,
      ...(options.sigopts ?? []).flatMap((o) => ['-sigopt', o]),
    ]);
    return { certPath, keyPath, der: this.toDer(certPath) };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
