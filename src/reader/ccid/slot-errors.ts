/**
 * bError of a failed CCID command (bmCommandStatus 1), CCID Rev 1.1 §6.2.6 Table 6.2-2, mapped
 * to the reader layer's typed errors. Values 0x01-0x7F name the index of a bad parameter; 0x00
 * means "command not supported".
 */
import { CardCancelledError, CardRemovedError, CardTimeoutError, type CardError } from '../../card/errors.ts';
import { CardMuteError, CardProtocolError, CcidProtocolError, ReaderBusyError, ReaderHardwareError } from '../errors.ts';
import type { CcidReply } from './messages.ts';

export const SLOT_ERROR = {
  CMD_NOT_SUPPORTED: 0x00,
  CMD_SLOT_BUSY: 0xe0,
  PIN_CANCELLED: 0xef,
  PIN_TIMEOUT: 0xf0,
  BUSY_WITH_AUTO_SEQUENCE: 0xf2,
  DEACTIVATED_PROTOCOL: 0xf3,
  PROCEDURE_BYTE_CONFLICT: 0xf4,
  ICC_CLASS_NOT_SUPPORTED: 0xf5,
  ICC_PROTOCOL_NOT_SUPPORTED: 0xf6,
  BAD_ATR_TCK: 0xf7,
  BAD_ATR_TS: 0xf8,
  HW_ERROR: 0xfb,
  XFR_OVERRUN: 0xfc,
  XFR_PARITY_ERROR: 0xfd,
  ICC_MUTE: 0xfe,
  CMD_ABORTED: 0xff,
} as const;

export const ICC_STATUS = { presentActive: 0, presentInactive: 1, absent: 2 } as const;
export const COMMAND_STATUS = { processed: 0, failed: 1, timeExtension: 2 } as const;

const NAMES = new Map<number, string>(Object.entries(SLOT_ERROR).map(([name, value]) => [value, name]));

export function slotErrorName(bError: number): string {
  return NAMES.get(bError) ?? (bError >= 0x01 && bError <= 0x7f ? `bad parameter at offset ${bError}` : `0x${bError.toString(16)}`);
}

/** The typed error for a failed reply; `what` names the command for the log detail. */
export function slotError(reply: CcidReply, what: string): CardError {
  const detail = `${what}: ${slotErrorName(reply.bError)} (bStatus ICC ${reply.iccStatus})`;
  if (reply.iccStatus === ICC_STATUS.absent) return new CardRemovedError({ cause: new CcidProtocolError({ detail }) });
  switch (reply.bError) {
    case SLOT_ERROR.ICC_MUTE:
      return new CardMuteError({ detail });
    case SLOT_ERROR.CMD_ABORTED:
      return new CardCancelledError({ cause: new CcidProtocolError({ detail }) });
    case SLOT_ERROR.CMD_SLOT_BUSY:
    case SLOT_ERROR.BUSY_WITH_AUTO_SEQUENCE:
      return new ReaderBusyError({ detail });
    case SLOT_ERROR.HW_ERROR:
      return new ReaderHardwareError({ detail });
    case SLOT_ERROR.PIN_TIMEOUT:
      return new CardTimeoutError({ cause: new CcidProtocolError({ detail }) });
    case SLOT_ERROR.XFR_PARITY_ERROR:
    case SLOT_ERROR.XFR_OVERRUN:
    case SLOT_ERROR.BAD_ATR_TCK:
    case SLOT_ERROR.BAD_ATR_TS:
    case SLOT_ERROR.PROCEDURE_BYTE_CONFLICT:
    case SLOT_ERROR.DEACTIVATED_PROTOCOL:
    case SLOT_ERROR.ICC_PROTOCOL_NOT_SUPPORTED:
    case SLOT_ERROR.ICC_CLASS_NOT_SUPPORTED:
      return new CardProtocolError({ detail });
    default:
      return new CcidProtocolError({ detail });
  }
}
