/**
 * How long one exchange may take, by command, before the session gives up with
 * CardTimeoutError. A card's RSA signature takes about a second; contactless readers and slow
 * shelter tablets get headroom on top.
 */
import { INS } from '../apdu/instructions.ts';

export type CommandKind = 'select' | 'read-binary' | 'verify' | 'compute-signature' | 'get-response' | 'other';

export const DEFAULT_TIMEOUTS_MS: Readonly<Record<CommandKind, number>> = {
  select: 3_000,
  'read-binary': 5_000,
  verify: 5_000,
  'compute-signature': 15_000,
  'get-response': 5_000,
  other: 5_000,
};

export function commandKind(ins: number): CommandKind {
  switch (ins) {
    case INS.select:
      return 'select';
    case INS.readBinary:
      return 'read-binary';
    case INS.verify:
      return 'verify';
    case INS.computeDigitalSignature:
      return 'compute-signature';
    case INS.getResponse:
      return 'get-response';
    default:
      return 'other';
  }
}
