/** The MyKey functions' rules: age by Japanese law, the 4 attributes' digest, PPIDs, the serial link by mode. */
import { describe, expect, it } from 'vitest';
import { isAtLeast } from '../../server/mykey/age.ts';
import { attributesDigest } from '../../server/mykey/attributes-digest.ts';
import { ppidOf } from '../../server/mykey/ppid.ts';
import { SerialLinkUnavailableError } from '../../server/mykey/serial-link.ts';
import { serialLinksFor } from '../../server/mykey/serial-links-for-mode.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { renewUserAuthCertificate } from '../../src/card/training/renewal.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { myKeyIdOf } from '../../src/pki/mykey-id.ts';
import { base64ToBytes, bytesToHex } from '../../src/protocol/encoding.ts';

const KEY = Buffer.alloc(32, 7);

describe('age (年齢計算ニ関スル法律, 民法 §143)', () => {
  it('counts a year from the start of the birthday, in Japan time', () => {
    // 2026-05-01 00:00 in Japan is 2026-04-30 15:00 UTC.
    expect(isAtLeast('2008-05-01', 18, new Date('2026-04-30T14:59:59Z'))).toBe(false);
    expect(isAtLeast('2008-05-01', 18, new Date('2026-04-30T15:00:00Z'))).toBe(true);
    expect(isAtLeast('2008-05-01', 17, new Date('2026-04-30T14:59:59Z'))).toBe(true);
    expect(isAtLeast('2008-05-01', 0, new Date('2008-05-01T00:00:00Z'))).toBe(true);
  });

  it('makes someone born on 29 February a year older on 1 March in a common year', () => {
    expect(isAtLeast('2008-02-29', 18, new Date('2026-02-28T12:00:00Z'))).toBe(false);
    expect(isAtLeast('2008-02-29', 18, new Date('2026-02-28T15:00:00Z'))).toBe(true);
    expect(isAtLeast('2008-02-29', 20, new Date('2028-02-28T15:00:00Z'))).toBe(true);
    expect(isAtLeast('2008-02-29', 20, new Date('2028-02-28T14:59:59Z'))).toBe(false);
  });

  it('refuses a birth date that is not a date', () => {
    expect(() => isAtLeast('2008-02-30', 18, new Date())).toThrow(RangeError);
  });
});

describe('the 4 attributes\' keyed digest', () => {
  const card = { name: '佐藤\u3000花子', address: '宮城県石巻市中央２丁目８番１５号', birthDate: '1980-02-17', sex: 'female' as const };

  it('is the same for full-width and half-width digits and any spacing', () => {
    const typed = { ...card, name: '佐藤 花子', address: '宮城県石巻市中央2丁目8番15号 ' };
    expect(attributesDigest(KEY, typed)).toBe(attributesDigest(KEY, card));
  });

  it('differs when any attribute differs, and under another key', () => {
    const digest = attributesDigest(KEY, card);
    expect(attributesDigest(KEY, { ...card, address: '宮城県石巻市中央２丁目８番１６号' })).not.toBe(digest);
    expect(attributesDigest(KEY, { ...card, birthDate: '1980-02-18' })).not.toBe(digest);
    expect(attributesDigest(KEY, { ...card, sex: 'male' })).not.toBe(digest);
    expect(attributesDigest(KEY, { ...card, name: '佐藤\u3000花' })).not.toBe(digest);
    expect(attributesDigest(Buffer.alloc(32, 8), card)).not.toBe(digest);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('PPID', () => {
  it('is HMAC-SHA-256 of the person id under the system\'s key, base64url', () => {
    const a = '11'.repeat(32);
    const b = '22'.repeat(32);
    const person = '0191f4b4-0000-7000-8000-000000000001';
    expect(ppidOf(a, person)).toBe(ppidOf(a, person));
    expect(ppidOf(a, person)).not.toBe(ppidOf(b, person));
    expect(ppidOf(a, person)).not.toBe(ppidOf(a, '0191f4b4-0000-7000-8000-000000000002'));
    expect(ppidOf(a, person)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('J-LIS old/new serial link by server mode', () => {
  it('names the predecessor of a renewed training certificate in training mode, and is unavailable in production', async () => {
    const links = serialLinksFor('training');
    expect(links.name).toBe('training');
    const original = trainingResident('R05');
    const renewed = await renewUserAuthCertificate(original, await trainingAuthority(), { at: new Date('2026-11-20T00:00:00Z') });
    const old = parseCertificate(base64ToBytes(original.userAuth.certificate));
    const fresh = parseCertificate(base64ToBytes(renewed.userAuth.certificate));
    expect(fresh.serialHex).not.toBe(old.serialHex);
    expect(myKeyIdOf(fresh).randomString).not.toBe(myKeyIdOf(old).randomString);
    expect(myKeyIdOf(fresh).terminalCode).toBe(myKeyIdOf(old).terminalCode);
    expect(await links.predecessorOf(fresh, new Date())).toEqual({ issuerKeyId: bytesToHex(old.authorityKeyIdentifier ?? new Uint8Array()), serial: old.serialHex });
    expect(await links.predecessorOf(old, new Date())).toBeUndefined();
    await expect(serialLinksFor('production').predecessorOf(fresh, new Date())).rejects.toBeInstanceOf(SerialLinkUnavailableError);
  });
});
