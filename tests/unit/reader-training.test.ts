import { describe, expect, it } from 'vitest';
import { CardRemovedError } from '../../src/card/errors.ts';
import { SecurityStatusNotSatisfiedError } from '../../src/card/apdu/status-errors.ts';
import { readUserAuthCertificate, signWithUserAuthKey, userAuthPinStatus, verifyUserAuthPin } from '../../src/card/jpki/user-auth.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { createVirtualCard, TRAINING_PINS } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { myKeyIdOf } from '../../src/pki/mykey-id.ts';
import { waitForCard, type CardPresence } from '../../src/reader/reader.ts';
import { TrainingReader, TrainingReaderSource } from '../../src/reader/training/training-reader.ts';

async function card(id: string) {
  return createVirtualCard(trainingResident(id), await trainingAuthority());
}

describe('training reader', () => {
  it('reports presence changes and reads the placed card through a card session', async () => {
    const reader = new TrainingReader();
    const seen: CardPresence[] = [];
    reader.onPresenceChange((p) => seen.push(p));
    expect(await reader.cardPresence()).toBe('absent');
    await expect(reader.connect()).rejects.toBeInstanceOf(CardRemovedError);

    const waiting = waitForCard(reader);
    const r01 = await card('R01');
    reader.place(r01);
    await waiting;
    const connection = await reader.connect();
    expect(connection.protocol).toBe('virtual');
    expect(connection.atr.length).toBeGreaterThan(2);
    const der = await readUserAuthCertificate(openCardSession(connection));
    expect(myKeyIdOf(parseCertificate(der)).randomString).toHaveLength(14);

    reader.remove();
    expect(seen).toEqual(['present', 'absent']);
    await expect(connection.transmit(new Uint8Array([0x00, 0xa4, 0x04, 0x0c]))).rejects.toBeInstanceOf(CardRemovedError);
  });

  it('ends a read with CardRemovedError when the card leaves mid-read, and a new card reads fresh', async () => {
    const reader = new TrainingReader({ latencyMs: 2 });
    reader.place(await card('R02'));
    const session = openCardSession(await reader.connect());
    const reading = readUserAuthCertificate(session);
    setTimeout(() => reader.remove(), 5);
    await expect(reading).rejects.toBeInstanceOf(CardRemovedError);

    reader.place(await card('R02'));
    const der = await readUserAuthCertificate(openCardSession(await reader.connect()));
    expect(der[0]).toBe(0x30);
  });

  it('reports the card gone when a fault takes it off mid-read', async () => {
    const reader = new TrainingReader();
    const seen: CardPresence[] = [];
    reader.onPresenceChange((p) => seen.push(p));
    reader.place(await card('R03'), { removeAfterExchanges: 2 });
    await expect(readUserAuthCertificate(openCardSession(await reader.connect()))).rejects.toBeInstanceOf(CardRemovedError);
    expect(seen).toEqual(['present', 'absent']);
    expect(await reader.cardPresence()).toBe('absent');
  });

  it('powers the card up on each connection: a PIN verified through an earlier connection is verified no more', async () => {
    const reader = new TrainingReader();
    reader.place(await card('R01'));
    const first = openCardSession(await reader.connect());
    await verifyUserAuthPin(first, TRAINING_PINS.userAuth);
    expect(await userAuthPinStatus(first)).toEqual({ state: 'verified' });
    const second = openCardSession(await reader.connect());
    expect(await userAuthPinStatus(second)).toEqual({ state: 'tries-left', triesLeft: 3 });
    await expect(signWithUserAuthKey(second, new Uint8Array(32))).rejects.toBeInstanceOf(SecurityStatusNotSatisfiedError);
  });

  it('stops waiting for a card when the signal aborts', async () => {
    const reader = new TrainingReader();
    const controller = new AbortController();
    const waiting = waitForCard(reader, controller.signal);
    controller.abort(new Error('screen left'));
    await expect(waiting).rejects.toThrow('screen left');
  });

  it('is a reader source that is always available', async () => {
    const source = new TrainingReaderSource();
    expect(source.available()).toBe(true);
    expect(await source.list()).toEqual([source.reader]);
  });
});
