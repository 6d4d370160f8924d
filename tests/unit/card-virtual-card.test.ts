import { beforeAll, describe, expect, it } from 'vitest';
import { PinLockedError, WrongPinError } from '../../src/card/apdu/status-errors.ts';
import { JPKI_EF, TEXT_EF } from '../../src/card/card-layout.ts';
import { CardCancelledError, CardRemovedError, CardTimeoutError, TransportError } from '../../src/card/errors.ts';
import { readTokenInfo } from '../../src/card/jpki/token-info.ts';
import {
  proveUserAuthKey,
  readUserAuthCaCertificate,
  readUserAuthCertificate,
  userAuthPinTriesLeft,
  verifyUserAuthPin,
} from '../../src/card/jpki/user-auth.ts';
import { LastPinTryNeedsConfirmationError } from '../../src/card/pin/errors.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { buildCardImage, TRAINING_PINS } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import type { TrainingAuthority } from '../../src/card/training/training-authority.ts';
import { RSA_SIGNING } from '../../src/card/training/x509-builder.ts';
import type { VirtualCardImage } from '../../src/card/virtual/card-image.ts';
import { rsaPrivateKeyFromJwk, signDigestInfo } from '../../src/card/virtual/rsa-signer.ts';
import { MY_NUMBER_CARD_ATR, VirtualMyNumberCard, type VirtualCardOptions } from '../../src/card/virtual/virtual-card.ts';
import { EXTENDED_APDU_CAPABILITIES, VirtualCardTransport, type VirtualCardFaults } from '../../src/card/virtual/virtual-transport.ts';
import { sha256DigestInfo } from '../../src/card/jpki/digest-info.ts';
import { base64ToBytes, bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';

let authority: TrainingAuthority;
let image: VirtualCardImage;

beforeAll(async () => {
  authority = await trainingAuthority();
  image = await buildCardImage(trainingResident('R01'), authority);
});

function card(options?: VirtualCardOptions): VirtualMyNumberCard {
  return new VirtualMyNumberCard(image, options);
}

async function apdu(c: VirtualMyNumberCard, hex: string): Promise<string> {
  return bytesToHex(await c.process(hexToBytes(hex)));
}

const SELECT_JPKI = '00a4040c0ad392f000260100000001';
const SELECT_TEXT = '00a4040c0ad3921000310001010408';

describe('virtual My Number Card: the APDUs a real card answers', () => {
  it('has the card\'s ATR with a correct check byte (ISO/IEC 7816-3 §8.2.5)', () => {
    expect(MY_NUMBER_CARD_ATR.subarray(1).reduce((x, b) => x ^ b, 0)).toBe(0);
  });

  it('selects applications by AID and EFs by identifier', async () => {
    const c = card();
    expect(await apdu(c, '00a4020c02000a')).toBe('6a82'); // nothing selected yet
    expect(await apdu(c, SELECT_JPKI)).toBe('9000');
    expect(await apdu(c, '00a4020c02000a')).toBe('9000');
    expect(await apdu(c, '00a4020c020099')).toBe('6a82');
    expect(await apdu(c, '00a4040c05d392f00026')).toBe('6a82');
    expect(await apdu(c, '00a4080c02000a')).toBe('6a86');
  });

  it('reads by offset and by SFI, short and extended, and says where the file ends', async () => {
    const c = card();
    const der = image.jpki.userAuthCertificate;
    await apdu(c, SELECT_JPKI);
    expect(await apdu(c, '00a4020c02000a')).toBe('9000');
    expect(await apdu(c, '00b0000004')).toBe(`${bytesToHex(der.subarray(0, 4))}9000`);
    expect(await apdu(c, '00b0000104')).toBe(`${bytesToHex(der.subarray(1, 5))}9000`);
    const whole = await apdu(c, `00b00000 00${der.length.toString(16).padStart(4, '0')}`);
    expect(whole).toBe(`${bytesToHex(der)}9000`);
    expect(await apdu(c, '00b08a0004')).toBe(`${bytesToHex(der.subarray(0, 4))}9000`); // SFI 0A
    expect(await apdu(c, '00b07fff01')).toBe('6b00'); // offset outside the EF
    const tail = await apdu(c, '00b007f000'); // 256 asked, 16 left in the 2048-byte EF
    expect(tail.length).toBe(2 * 16 + 4);
    expect(tail.endsWith('6282')).toBe(true);
    const strict = card({ readPastEnd: '6Cxx' });
    await apdu(strict, SELECT_JPKI);
    await apdu(strict, '00a4020c02000a');
    expect(await apdu(strict, '00b007f000')).toBe('6c10');
  });

  it('refuses extended APDUs when set up as a short-only card', async () => {
    const c = card({ extendedLength: false });
    await apdu(c, SELECT_JPKI);
    await apdu(c, '00a4020c02000a');
    expect(await apdu(c, '00b00000000400')).toBe('6700');
  });

  it('counts wrong PINs down, blocks at zero, and a right PIN resets the counter', async () => {
    const c = card();
    await apdu(c, SELECT_JPKI);
    await apdu(c, '00a4020c020018');
    expect(await apdu(c, '00200080')).toBe('63c3');
    expect(await apdu(c, '002000800439393939')).toBe('63c2');
    expect(await apdu(c, '002000800431323334')).toBe('9000');
    expect(await apdu(c, '00200080')).toBe('9000');
    expect(c.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(3);
    for (const expected of ['63c2', '63c1', '63c0', '6983']) expect(await apdu(c, '002000800439393939')).toBe(expected);
    expect(await apdu(c, '002000800431323334')).toBe('6983'); // blocked: even the right PIN
    expect(await apdu(c, '00200080')).toBe('6983');
    c.reset();
    expect(c.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(0); // the counter survives a power cycle
  });

  it('guards files and keys behind their PINs, until the card is reset', async () => {
    const c = card();
    await apdu(c, SELECT_TEXT);
    await apdu(c, '00a4020c020002');
    expect(await apdu(c, '00b0000008')).toBe('6982');
    await apdu(c, '00a4020c020015');
    expect(await apdu(c, `002000800e${bytesToHex(new TextEncoder().encode(image.text.collationNumberB))}`)).toBe('9000');
    await apdu(c, '00a4020c020002');
    expect((await apdu(c, '00b0000008')).endsWith('9000')).toBe(true);
    c.reset();
    await apdu(c, SELECT_JPKI);
    await apdu(c, '00a4020c020017');
    expect(await apdu(c, `802a008033${'00'.repeat(51)}00`)).toBe('6982');
  });

  it('signs a DigestInfo exactly as PKCS#1 v1.5 prescribes', async () => {
    const message = new TextEncoder().encode('challenge');
    const key = rsaPrivateKeyFromJwk(image.jpki.userAuthKey);
    const ours = signDigestInfo(key, await sha256DigestInfo(message));
    const webCrypto = new Uint8Array(
      await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await crypto.subtle.importKey('jwk', image.jpki.userAuthKey, RSA_SIGNING, false, ['sign']), message),
    );
    expect(bytesToHex(ours)).toBe(bytesToHex(webCrypto));
    expect(() => signDigestInfo(key, new Uint8Array(250))).toThrow(/do not fit/);
  });

  it('has no signing key on a child\'s card', async () => {
    const child = new VirtualMyNumberCard(await buildCardImage(trainingResident('R04'), authority));
    await apdu(child, SELECT_JPKI);
    await apdu(child, '00a4020c02001b');
    await apdu(child, `0020008009${bytesToHex(new TextEncoder().encode(TRAINING_PINS.signingPassword))}`);
    await apdu(child, '00a4020c02001a');
    expect(await apdu(child, `802a008033${'00'.repeat(51)}00`)).toBe('6a88');
  });

  it('answers unknown instructions and classes as a card does', async () => {
    const c = card();
    expect(await apdu(c, '00ca000000')).toBe('6d00');
    expect(await apdu(c, 'a0b0000000')).toBe('6e00');
    expect(await apdu(c, '00c0000010')).toBe('6985');
    expect(await apdu(c, '00b0')).toBe('6700');
  });
});

describe('virtual card through a card session', () => {
  const transportFor = (options: { card?: VirtualCardOptions; extended?: boolean; faults?: VirtualCardFaults } = {}): VirtualCardTransport =>
    new VirtualCardTransport(card(options.card), { ...(options.extended ? { capabilities: EXTENDED_APDU_CAPABILITIES } : {}), ...(options.faults ? { faults: options.faults } : {}) });

  it('reads, verifies and signs end to end, short and extended, direct and with GET RESPONSE', async () => {
    for (const setup of [{}, { extended: true }, { card: { responseChaining: 'get-response' as const } }]) {
      const transport = transportFor(setup);
      const session = openCardSession(transport);
      expect((await readTokenInfo(session)).version).toBe(2);
      const der = await readUserAuthCertificate(session);
      expect(bytesToHex(der)).toBe(bytesToHex(base64ToBytes(trainingResident('R01').userAuth.certificate)));
      expect(bytesToHex(await readUserAuthCaCertificate(session))).toBe(bytesToHex(authority.ca('user-authentication', '2023').der));
      expect(await userAuthPinTriesLeft(session)).toBe(3);
      await verifyUserAuthPin(session, TRAINING_PINS.userAuth);
      expect((await proveUserAuthKey(session, der)).verified).toBe(true);
    }
  });

  it('needs fewer exchanges with extended length', async () => {
    const short = transportFor();
    const extended = transportFor({ extended: true });
    await readUserAuthCertificate(openCardSession(short));
    await readUserAuthCertificate(openCardSession(extended));
    expect(extended.exchanges).toBe(4);
    expect(short.exchanges).toBeGreaterThan(extended.exchanges + 3);
  });

  it('fault: the card pulled mid-read is "card removed"; put back, it reads again', async () => {
    const transport = transportFor({ faults: { removeWhen: (command, index) => command[1] === 0xb0 && index === 5 } });
    const session = openCardSession(transport);
    const error = await readUserAuthCertificate(session).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardRemovedError);
    expect((error as CardRemovedError).messageIn('ja')).toContain('カードが離れました');
    transport.insert();
    session.cardWasReset();
    const again = new VirtualCardTransport(transport.card);
    expect((await readUserAuthCertificate(openCardSession(again))).length).toBe(image.jpki.userAuthCertificate.length);
    const afterCount = transportFor({ faults: { removeAfterExchanges: 3 } });
    await expect(readUserAuthCertificate(openCardSession(afterCount))).rejects.toBeInstanceOf(CardRemovedError);
    expect(afterCount.exchanges).toBe(3);
  });

  it('fault: a slow card works within the timeout, times out beyond it, and can be cancelled', async () => {
    const slow = transportFor({ faults: { latencyMs: 20 } });
    expect((await readTokenInfo(openCardSession(slow))).version).toBe(2);
    const tooSlow = transportFor({ faults: { latencyMs: 5_000 } });
    const started = performance.now();
    await expect(readTokenInfo(openCardSession(tooSlow, { timeoutsMs: { select: 60 } }))).rejects.toBeInstanceOf(CardTimeoutError);
    expect(performance.now() - started).toBeLessThan(2_000);
    const abort = new AbortController();
    const pending = readTokenInfo(openCardSession(transportFor({ faults: { latencyMs: 5_000 } }), { signal: abort.signal }));
    setTimeout(() => abort.abort(), 30);
    await expect(pending).rejects.toBeInstanceOf(CardCancelledError);
  });

  it('fault: a locked PIN is refused without an attempt; one try left needs the resident', async () => {
    const locked = transportFor();
    locked.card.setTriesLeft('jpki', JPKI_EF.userAuthPin, 0);
    await expect(verifyUserAuthPin(openCardSession(locked), TRAINING_PINS.userAuth)).rejects.toBeInstanceOf(PinLockedError);
    const lastTry = transportFor();
    lastTry.card.setTriesLeft('text', TEXT_EF.pin, 1);
    lastTry.card.setTriesLeft('jpki', JPKI_EF.userAuthPin, 1);
    await expect(verifyUserAuthPin(openCardSession(lastTry), '9999')).rejects.toBeInstanceOf(LastPinTryNeedsConfirmationError);
    expect(lastTry.card.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(1);
    const wrong = await verifyUserAuthPin(openCardSession(lastTry), '9999', { residentConfirmedLastTry: true }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WrongPinError);
    expect(lastTry.card.triesLeft('jpki', JPKI_EF.userAuthPin)).toBe(0);
  });

  it('a short-APDU reader refuses an extended command itself', async () => {
    const transport = transportFor();
    await expect(transport.transmit(hexToBytes('00b00000000400'))).rejects.toBeInstanceOf(TransportError);
  });
});
