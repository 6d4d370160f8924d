/**
 * Pairwise pseudonymous identifiers (PPID, DOMAIN.md §2): HMAC-SHA-256 of the internal person id
 * under the relying system's own secret key. The same person gives the same PPID to one system
 * for good (renewed certificates join the same person), different systems get unrelated values,
 * and without the server's keys a PPID leads back to nobody.
 */
import { createHmac } from 'node:crypto';

const PPID_CONTEXT = 'shelterkey-ppid-v1:';

export function ppidOf(systemSecretHex: string, personId: string): string {
  return createHmac('sha256', Buffer.from(systemSecretHex, 'hex')).update(PPID_CONTEXT + personId, 'utf8').digest('base64url');
}
