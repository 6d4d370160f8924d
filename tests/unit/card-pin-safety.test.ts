import { describe, expect, it } from 'vitest';
import { PinLockedError, WrongPinError } from '../../src/card/apdu/status-errors.ts';
import { userAuthPinStatus, userAuthPinTriesLeft, verifyUserAuthPin } from '../../src/card/jpki/user-auth.ts';
import { LastPinTryNeedsConfirmationError, PinFormatError } from '../../src/card/pin/errors.ts';
import { encodePin } from '../../src/card/pin/pin-format.ts';
import { triesLeftAfter } from '../../src/card/pin/tries-left.ts';
import { readFourAttributes } from '../../src/card/text-ap/read-attributes.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import { ScriptedTransport, step } from '../support/apdu-script.ts';

const SELECT_JPKI = step('00a4040c0a d392f000260100000001', '9000', 'SELECT JPKI-AP');
const SELECT_PIN = step('00a4020c02 0018', '9000', 'SELECT EF 0018 (user-auth PIN)');
const QUERY = (answer: string, note: string) => step('00200080', answer, `VERIFY without data: ${note}`);
const VERIFY_1234 = (answer: string, note: string) => step('0020008004 31323334', answer, `VERIFY 1234: ${note}`);

function session(steps: ReturnType<typeof step>[]) {
  const transport = new ScriptedTransport(steps);
  return { transport, session: openCardSession(transport) };
}

describe('PIN safety: asking without spending', () => {
  it('reads the tries left with VERIFY and no data', async () => {
    const { transport, session: s } = session([SELECT_JPKI, SELECT_PIN, QUERY('63c2', '2 tries left')]);
    expect(await userAuthPinTriesLeft(s)).toBe(2);
    transport.assertDone();
  });

  it('knows a verified PIN, a locked one (6983, 6984, 63C0)', async () => {
    expect(await userAuthPinStatus(session([SELECT_JPKI, SELECT_PIN, QUERY('9000', 'verified')]).session)).toEqual({ state: 'verified' });
    for (const sw of ['6983', '6984', '63c0']) {
      expect(await userAuthPinStatus(session([SELECT_JPKI, SELECT_PIN, QUERY(sw, 'locked')]).session)).toEqual({ state: 'locked' });
    }
    expect(await userAuthPinTriesLeft(session([SELECT_JPKI, SELECT_PIN, QUERY('9000', 'verified')]).session)).toBe(3);
    expect(await userAuthPinTriesLeft(session([SELECT_JPKI, SELECT_PIN, QUERY('6983', 'locked')]).session)).toBe(0);
  });
});

describe('PIN safety: attempts', () => {
  it('verifies a right PIN after checking the tries', async () => {
    const { transport, session: s } = session([SELECT_JPKI, SELECT_PIN, QUERY('63c3', '3 left'), VERIFY_1234('9000', 'right')]);
    await verifyUserAuthPin(s, '1234');
    transport.assertDone();
  });

  it('reports a wrong PIN with the tries left and never tries again', async () => {
    const { transport, session: s } = session([SELECT_JPKI, SELECT_PIN, QUERY('63c3', '3 left'), VERIFY_1234('63c2', 'wrong, 2 left')]);
    const error = await verifyUserAuthPin(s, '1234').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).triesLeft).toBe(2);
    transport.assertDone();
  });

  it('refuses the last try without the resident\'s confirmation, spending nothing', async () => {
    const { transport, session: s } = session([SELECT_JPKI, SELECT_PIN, QUERY('63c1', '1 left')]);
    await expect(verifyUserAuthPin(s, '1234')).rejects.toBeInstanceOf(LastPinTryNeedsConfirmationError);
    await expect(verifyUserAuthPin(openCardSession(new ScriptedTransport([SELECT_JPKI, SELECT_PIN, QUERY('63c1', '1 left')])), '1234', { residentConfirmedLastTry: false })).rejects.toBeInstanceOf(
      LastPinTryNeedsConfirmationError,
    );
    transport.assertDone();
  });

  it('uses the last try when the resident confirmed it', async () => {
    const { transport, session: s } = session([SELECT_JPKI, SELECT_PIN, QUERY('63c1', '1 left'), VERIFY_1234('63c0', 'wrong: now locked')]);
    const error = await verifyUserAuthPin(s, '1234', { residentConfirmedLastTry: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).triesLeft).toBe(0);
    transport.assertDone();
  });

  it('tells a screen the tries left after each kind of failure, and the count it had when the card never answered', async () => {
    const failure = (steps: Parameters<typeof session>[0], confirmed: boolean) => verifyUserAuthPin(session(steps).session, '1234', { residentConfirmedLastTry: confirmed }).catch((e: unknown) => e);
    expect(triesLeftAfter(await failure([SELECT_JPKI, SELECT_PIN, QUERY('63c3', '3 left'), VERIFY_1234('63c2', 'wrong, 2 left')], false), 3)).toBe(2);
    expect(triesLeftAfter(await failure([SELECT_JPKI, SELECT_PIN, QUERY('6983', 'locked')], true), 3)).toBe(0);
    expect(triesLeftAfter(await failure([SELECT_JPKI, SELECT_PIN, QUERY('63c1', '1 left')], false), undefined)).toBe(1);
    expect(triesLeftAfter(new Error('the reader went away'), 3)).toBe(3);
  });

  it('does not touch a locked PIN', async () => {
    for (const sw of ['6983', '6984', '63c0']) {
      const { transport, session: s } = session([SELECT_JPKI, SELECT_PIN, QUERY(sw, 'locked')]);
      await expect(verifyUserAuthPin(s, '1234', { residentConfirmedLastTry: true })).rejects.toBeInstanceOf(PinLockedError);
      transport.assertDone();
    }
  });

  it('refuses a PIN of the wrong form before anything is sent', async () => {
    for (const pin of ['123', '12345', 'abcd', '12 34', '']) {
      const { transport, session: s } = session([]);
      await expect(verifyUserAuthPin(s, pin)).rejects.toBeInstanceOf(PinFormatError);
      expect(transport.received).toHaveLength(0);
    }
    const b = session([]);
    await expect(readFourAttributes(b.session, { kind: 'collation-number-b', value: '5502172035228' })).rejects.toBeInstanceOf(PinFormatError);
    expect(b.transport.received).toHaveLength(0);
  });

  it('accepts full-width digits typed through a Japanese input method', async () => {
    const { transport, session: s } = session([SELECT_JPKI, SELECT_PIN, QUERY('63c3', '3 left'), VERIFY_1234('9000', 'right')]);
    await verifyUserAuthPin(s, '１２３４');
    transport.assertDone();
  });

  it('keeps no copy of the PIN after the call, whatever the outcome', async () => {
    for (const answer of ['9000', '63c2']) {
      const { transport, session: s } = session([SELECT_JPKI, SELECT_PIN, QUERY('63c3', '3 left'), VERIFY_1234(answer, 'either')]);
      await verifyUserAuthPin(s, '1234').catch(() => undefined);
      const verify = transport.received[3];
      expect(verify && bytesToHex(verify)).toBe('00'.repeat(9));
    }
  });
});

describe('PIN formats', () => {
  it('checks each PIN reference\'s form', () => {
    expect(bytesToHex(encodePin('digits-4', '0000'))).toBe('30303030');
    expect(bytesToHex(encodePin('signing-password', 'TRAINING1'))).toBe(bytesToHex(new TextEncoder().encode('TRAINING1')));
    for (const bad of ['ABCDEF', '123456', 'abc123', 'A1', 'A1234567890123456']) expect(() => encodePin('signing-password', bad), bad).toThrow(PinFormatError);
    expect(encodePin('collation-number-b', '55021720352285').length).toBe(14);
    expect(() => encodePin('collation-number-a', '123456789012')).toThrow(PinFormatError);
  });
});
