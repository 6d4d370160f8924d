import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../src/card/apdu/errors.ts';
import { readBinaryCommand, selectApplicationCommand, selectFileCommand, verifyCommand } from '../../src/card/apdu/instructions.ts';
import { JPKI_EF, application, TEXT_EF } from '../../src/card/card-layout.ts';
import { CardCancelledError, CardRemovedError, CardTimeoutError, TransportError } from '../../src/card/errors.ts';
import { PrivacyGuardRefusalError } from '../../src/card/guard/errors.ts';
import { openCardSession } from '../../src/card/session/card-session.ts';
import { ExtendedLengthUnavailableError } from '../../src/card/session/errors.ts';
import { formatTraceLine, type TraceEntry } from '../../src/card/session/trace.ts';
import { SHORT_APDU_CAPABILITIES, type CardTransport, type TransmitOptions } from '../../src/card/transport.ts';
import { bytesToHex } from '../../src/protocol/encoding.ts';
import { ScriptedTransport, step } from '../support/apdu-script.ts';

const SELECT_JPKI = step('00a4040c0a d392f000260100000001', '9000', 'SELECT JPKI-AP');
const SELECT_TEXT = step('00a4040c0a d3921000310001010408', '9000', 'SELECT text AP');

describe('card session: response chaining (ISO/IEC 7816-4 §5.3)', () => {
  it('fetches the rest with GET RESPONSE on 61xx', async () => {
    const transport = new ScriptedTransport([
      SELECT_JPKI,
      step('00a4020c02 000b', '9000', 'SELECT EF 000B'),
      step('00b0000000', '6100', 'READ BINARY: 256 bytes wait'),
      step('00c0000000', `${'11'.repeat(256)}6105`, 'GET RESPONSE 256, 5 more wait'),
      step('00c0000005', '22222222229000', 'GET RESPONSE 5'),
    ]);
    const session = openCardSession(transport);
    await session.transmit(selectApplicationCommand(application('jpki').aid));
    await session.transmit(selectFileCommand(JPKI_EF.userAuthCaCertificate));
    const response = await session.transmit(readBinaryCommand(0, 256));
    transport.assertDone();
    expect(response.sw).toBe(0x9000);
    expect(response.data.length).toBe(261);
    expect(bytesToHex(response.data.subarray(255, 258))).toBe('112222');
  });

  it('re-sends once with the Le the card asks for on 6Cxx', async () => {
    const transport = new ScriptedTransport([
      SELECT_JPKI,
      step('00a4020c02 0006', '9000', 'SELECT EF 0006'),
      step('00b0000020', '6c14', 'wrong Le: 20 bytes available'),
      step('00b0000014', `${'4a'.repeat(20)}9000`, 'READ BINARY again with Le 20'),
    ]);
    const session = openCardSession(transport);
    await session.transmit(selectApplicationCommand(application('jpki').aid));
    await session.transmit(selectFileCommand(JPKI_EF.tokenInfo));
    const response = await session.transmit(readBinaryCommand(0, 32));
    transport.assertDone();
    expect(response.data.length).toBe(20);
  });

  it('gives up on a card that keeps answering 61xx', async () => {
    let calls = 0;
    const endless: CardTransport = {
      capabilities: SHORT_APDU_CAPABILITIES,
      async transmit(command) {
        calls++;
        if (command[1] === 0xa4) return new Uint8Array([0x90, 0x00]);
        return new Uint8Array([...new Uint8Array(256), 0x61, 0x00]);
      },
    };
    const session = openCardSession(endless);
    await session.transmit(selectApplicationCommand(application('jpki').aid));
    await session.transmit(selectFileCommand(JPKI_EF.userAuthCaCertificate));
    await expect(session.transmit(readBinaryCommand(0, 256))).rejects.toBeInstanceOf(MalformedResponseError);
    expect(calls).toBeLessThan(1000);
  });
});

describe('card session: time, cancellation and a card that leaves', () => {
  const silent = (seen: { signal?: AbortSignal }): CardTransport => ({
    capabilities: SHORT_APDU_CAPABILITIES,
    transmit(_command: Uint8Array, options?: TransmitOptions) {
      seen.signal = options?.signal;
      return new Promise<Uint8Array>(() => {});
    },
  });

  it('times out per command, and tells the transport to stop', async () => {
    const seen: { signal?: AbortSignal } = {};
    const session = openCardSession(silent(seen), { timeoutsMs: { select: 40 } });
    const started = performance.now();
    await expect(session.transmit(selectApplicationCommand(application('jpki').aid))).rejects.toBeInstanceOf(CardTimeoutError);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(seen.signal?.aborted).toBe(true);
  });

  it('is cancelled by the session signal or the call signal', async () => {
    const seen: { signal?: AbortSignal } = {};
    const sessionAbort = new AbortController();
    const session = openCardSession(silent(seen), { signal: sessionAbort.signal });
    const pending = session.transmit(selectApplicationCommand(application('jpki').aid));
    sessionAbort.abort();
    await expect(pending).rejects.toBeInstanceOf(CardCancelledError);
    expect(seen.signal?.aborted).toBe(true);

    const callAbort = new AbortController();
    const other = openCardSession(silent({}));
    const call = other.transmit(selectApplicationCommand(application('jpki').aid), { signal: callAbort.signal });
    callAbort.abort();
    await expect(call).rejects.toBeInstanceOf(CardCancelledError);
  });

  it('sends nothing once cancelled', async () => {
    const transport = new ScriptedTransport([]);
    const abort = new AbortController();
    abort.abort();
    await expect(openCardSession(transport, { signal: abort.signal }).transmit(selectApplicationCommand(application('jpki').aid))).rejects.toBeInstanceOf(CardCancelledError);
    expect(transport.received).toHaveLength(0);
  });

  it('passes on "card removed" and forgets what was selected', async () => {
    let removed = false;
    const transport: CardTransport = {
      capabilities: SHORT_APDU_CAPABILITIES,
      async transmit() {
        if (removed) throw new CardRemovedError();
        return new Uint8Array([0x90, 0x00]);
      },
    };
    const session = openCardSession(transport);
    await session.transmit(selectApplicationCommand(application('text').aid));
    expect(session.state.application).toBe('text');
    removed = true;
    await expect(session.transmit(selectFileCommand(TEXT_EF.attributes))).rejects.toBeInstanceOf(CardRemovedError);
    expect(session.state.application).toBe('unknown');
    removed = false;
    // Nothing is known to be selected now: an EF without a fresh application SELECT is refused.
    await expect(session.transmit(selectFileCommand(TEXT_EF.attributes))).rejects.toBeInstanceOf(PrivacyGuardRefusalError);
  });

  it('wraps a transport failure that is not a card error', async () => {
    const broken: CardTransport = {
      capabilities: SHORT_APDU_CAPABILITIES,
      async transmit() {
        throw new DOMException('The device was disconnected.', 'NetworkError');
      },
    };
    const error = await openCardSession(broken).transmit(selectApplicationCommand(application('jpki').aid)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).cause).toBeInstanceOf(DOMException);
  });

  it('refuses extended length on a short-APDU reader before sending', async () => {
    const transport = new ScriptedTransport([SELECT_JPKI, step('00a4020c02 000a', '9000', 'SELECT EF 000A')]);
    const session = openCardSession(transport);
    await session.transmit(selectApplicationCommand(application('jpki').aid));
    await session.transmit(selectFileCommand(JPKI_EF.userAuthCertificate));
    await expect(session.transmit(readBinaryCommand(0, 1300))).rejects.toBeInstanceOf(ExtendedLengthUnavailableError);
    transport.assertDone();
    expect(session.maxResponseData).toBe(256);
  });
});

describe('card session: trace', () => {
  it('prints every exchange and redacts PINs and personal EFs', async () => {
    const lines: string[] = [];
    const transport = new ScriptedTransport([
      SELECT_TEXT,
      step('00a4020c02 0011', '9000', 'SELECT PIN EF'),
      step('0020008004 31323334', '9000', 'VERIFY 1234'),
      step('00a4020c02 0002', '9000', 'SELECT EF 0002 (4 attributes)'),
      step('00b0000008', 'ff20820100df21089000', 'READ BINARY header'),
      step('00a4020c02 0004', '9000', 'SELECT EF 0004 (CV certificate)'),
      step('00b0000008', '7f218202335f4e829000', 'READ BINARY header'),
    ]);
    const session = openCardSession(transport, { trace: (entry: TraceEntry) => lines.push(formatTraceLine(entry)) });
    await session.transmit(selectApplicationCommand(application('text').aid));
    await session.transmit(selectFileCommand(TEXT_EF.pin));
    await session.transmit(verifyCommand(new Uint8Array([0x31, 0x32, 0x33, 0x34])));
    await session.transmit(selectFileCommand(TEXT_EF.attributes));
    await session.transmit(readBinaryCommand(0, 8));
    await session.transmit(selectFileCommand(TEXT_EF.cvCertificate));
    await session.transmit(readBinaryCommand(0, 8));
    transport.assertDone();
    expect(lines).toEqual([
      '> 00a4040c0ad3921000310001010408',
      '< 9000',
      '> 00a4020c020011',
      '< 9000',
      '> 0020008004********',
      '< 9000',
      '> 00a4020c020002',
      '< 9000',
      '> 00b0000008',
      '< ****************9000',
      '> 00a4020c020004',
      '< 9000',
      '> 00b0000008',
      '< 7f218202335f4e829000',
    ]);
    // The PIN does not outlive the call: the command buffer handed to the transport is wiped.
    expect(bytesToHex(transport.received[2] ?? new Uint8Array())).toBe('0000000000000000' + '00');
  });
});
