/** The Web Smart Card API reader source against a fake that follows the specification's behaviour. */
import { describe, expect, it } from 'vitest';
import { CardRemovedError } from '../../src/card/errors.ts';
import { SecurityStatusNotSatisfiedError } from '../../src/card/apdu/status-errors.ts';
import { readUserAuthCertificate, signWithUserAuthKey, verifyUserAuthPin } from '../../src/card/jpki/user-auth.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { TRAINING_PINS } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { readTrainingCardEndToEnd } from '../../src/card/training/end-to-end-read.ts';
import { MY_NUMBER_CARD_ATR } from '../../src/card/virtual/virtual-card.ts';
import { CardMuteError, ReaderBusyError, ReaderUnpluggedError } from '../../src/reader/errors.ts';
import { waitForCard, type CardPresence, type Reader } from '../../src/reader/reader.ts';
import { WebSmartCardReaderSource } from '../../src/reader/smart-card/smart-card-reader-source.ts';
import { FakeSmartCard } from '../support/fake-smart-card.ts';
import { trainingCard } from '../support/virtual-readers.ts';

const NAME = 'SONY FeliCa Port/PaSoRi 4.0 00 00';

async function setUp(): Promise<{ system: FakeSmartCard; reader: Reader; source: WebSmartCardReaderSource }> {
  const system = new FakeSmartCard();
  system.addReader(NAME);
  const source = new WebSmartCardReaderSource({ smartCard: system });
  const [reader] = await source.list();
  if (!reader) throw new Error('no reader');
  return { system, reader, source };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('Web Smart Card API reader source', () => {
  it('is unavailable without navigator.smartCard, and lists the PC/SC readers when present', async () => {
    expect(new WebSmartCardReaderSource().available()).toBe(false);
    expect(await new WebSmartCardReaderSource().list()).toEqual([]);
    const { source, reader, system } = await setUp();
    expect(source.available()).toBe(true);
    expect(reader).toMatchObject({ kind: 'web-smart-card', name: NAME, id: `smart-card:${NAME}` });
    system.addReader('ACS ACR39U ICC Reader 00 00');
    expect((await source.request()).map((r) => r.name)).toEqual([NAME, 'ACS ACR39U ICC Reader 00 00']);
    expect((await source.list())[0]).toBe(reader);
  });

  it('reports presence and its changes with getStatusChange, one context per job', async () => {
    const { system, reader } = await setUp();
    expect(await reader.cardPresence()).toBe('absent');
    const seen: CardPresence[] = [];
    const stop = reader.onPresenceChange((p) => seen.push(p));
    await tick();
    const waiting = waitForCard(reader);
    system.insert(NAME, await trainingCard());
    await waiting;
    expect(await reader.cardPresence()).toBe('present');
    system.remove(NAME);
    await tick();
    stop();
    expect(seen).toEqual(['present', 'absent']);
  });

  it('runs the whole read through connect and transmit, with the card\'s ATR and T=1', async () => {
    const { system, reader } = await setUp();
    system.insert(NAME, await trainingCard());
    reader.onPresenceChange(() => {}); // a watch runs on its own context meanwhile
    const connection = await reader.connect();
    expect(connection.atr).toEqual(MY_NUMBER_CARD_ATR);
    expect(connection.protocol).toBe('T=1');
    const reading = await readTrainingCardEndToEnd(openCardSession(connection), trainingResident('R01'), await trainingAuthority());
    expect(reading.signature.verified && reading.attributes.integrityVerified).toBe(true);
    expect(system.transmits).toBeGreaterThan(20);
    await reader.close();
  });

  it('resets the card on disconnect, so a verified PIN does not outlive the connection', async () => {
    const { system, reader } = await setUp();
    system.insert(NAME, await trainingCard());
    const first = openCardSession(await reader.connect());
    await verifyUserAuthPin(first, TRAINING_PINS.userAuth);
    await (await reader.connect()).disconnect();
    const second = openCardSession(await reader.connect());
    await expect(signWithUserAuthKey(second, new Uint8Array(32))).rejects.toBeInstanceOf(SecurityStatusNotSatisfiedError);
  });

  it('maps PC/SC failures to the product\'s errors', async () => {
    const { system, reader, source } = await setUp();
    await expect(reader.connect()).rejects.toBeInstanceOf(CardRemovedError);
    system.insert(NAME, await trainingCard());
    const state = system.readers.get(NAME);
    if (!state) throw new Error('no reader state');
    state.exclusive = true;
    await expect(reader.connect()).rejects.toBeInstanceOf(ReaderBusyError);
    state.exclusive = false;
    state.mute = true;
    await expect(reader.connect()).rejects.toBeInstanceOf(CardMuteError);
    state.mute = false;
    const session = openCardSession(await reader.connect());
    system.remove(NAME);
    await expect(readUserAuthCertificate(session)).rejects.toBeInstanceOf(CardRemovedError);
    system.removeReader(NAME);
    await expect(reader.connect()).rejects.toBeInstanceOf(ReaderUnpluggedError);
    expect(await source.list()).toEqual([]);
  });
});
