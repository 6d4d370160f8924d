/**
 * Recorded APDU scripts: a CardTransport that plays `{ command, response }` steps in order and
 * fails with "step N (note): expected …, got …" the moment the card layer sends something else.
 * Hex may contain spaces; `..` in an expected command matches any byte.
 */
import { bytesToHex, hexToBytes } from '../../src/protocol/encoding.ts';
import { SHORT_APDU_CAPABILITIES, type CardTransport, type TransmitOptions, type TransportCapabilities } from '../../src/card/transport.ts';

export interface ScriptStep {
  command: string;
  response: string;
  /** What the step is, for failure messages. */
  note: string;
}

export function step(command: string, response: string, note: string): ScriptStep {
  return { command, response, note };
}

function compact(hex: string): string {
  return hex.replace(/\s+/g, '').toLowerCase();
}

function matches(expected: string, actual: string): boolean {
  if (expected.length !== actual.length) return false;
  for (let i = 0; i < expected.length; i += 2) {
    const e = expected.slice(i, i + 2);
    if (e !== '..' && e !== actual.slice(i, i + 2)) return false;
  }
  return true;
}

export class ScriptedTransport implements CardTransport {
  /** The command buffers exactly as handed over (to check they were wiped afterwards). */
  readonly received: Uint8Array[] = [];
  private position = 0;

  constructor(
    private readonly steps: readonly ScriptStep[],
    readonly capabilities: TransportCapabilities = SHORT_APDU_CAPABILITIES,
  ) {}

  async transmit(command: Uint8Array, _options?: TransmitOptions): Promise<Uint8Array> {
    this.received.push(command);
    const actual = bytesToHex(command);
    const current = this.steps[this.position];
    const number = this.position + 1;
    if (!current) throw new Error(`step ${number}: the script has ended, got > ${actual}`);
    if (!matches(compact(current.command), actual)) {
      throw new Error(`step ${number} (${current.note}): expected > ${compact(current.command)}, got > ${actual}`);
    }
    this.position += 1;
    return hexToBytes(current.response);
  }

  get sent(): number {
    return this.position;
  }

  /** Fails unless every step was played. */
  assertDone(): void {
    if (this.position !== this.steps.length) {
      const next = this.steps[this.position];
      throw new Error(`script stopped at step ${this.position + 1} of ${this.steps.length} (${next?.note ?? ''})`);
    }
  }
}

/** READ BINARY steps for a file whose content is `content`, as readSelectedFile asks for it (8-byte probe, then chunks). */
export function readFileSteps(content: Uint8Array, options: { chunk?: number; what: string; extended?: boolean }): ScriptStep[] {
  const chunk = options.chunk ?? 256;
  const steps: ScriptStep[] = [step('00 b0 00 00 08', `${bytesToHex(content.subarray(0, 8))}9000`, `${options.what}: header probe`)];
  for (let offset = 8; offset < content.length; offset += chunk) {
    const n = Math.min(chunk, content.length - offset);
    const le = options.extended ? `00${(n >> 8).toString(16).padStart(2, '0')}${(n & 0xff).toString(16).padStart(2, '0')}` : (n & 0xff).toString(16).padStart(2, '0');
    const p1p2 = offset.toString(16).padStart(4, '0');
    steps.push(step(`00 b0 ${p1p2} ${le}`, `${bytesToHex(content.subarray(offset, offset + n))}9000`, `${options.what}: bytes ${offset}..${offset + n - 1}`));
  }
  return steps;
}
