/**
 * The CCID commands of one slot (libccid's commands.c): PowerOn with voltage selection and
 * fallback, PowerOff, GetSlotStatus, SetParameters and XfrBlock, each reply checked and a failed
 * one turned into a typed error.
 *
 * Voltage (ISO/IEC 7816-3:2006 §6.2.4): a reader that selects the voltage itself (dwFeatures
 * 0x08, or 0x04 automatic activation) gets bPowerSelect 0; otherwise the classes the reader
 * offers are tried from the lowest voltage up (C 1.8 V, B 3 V, A 5 V), the next one only when
 * the card stayed mute or refused the class, so a card is never given more than it needs.
 */
import { CardRemovedError, type CardError } from '../../card/errors.ts';
import { CardMuteError, CardProtocolError } from '../errors.ts';
import type { CcidChannel, TransactOptions } from './ccid-channel.ts';
import { CCID_FEATURE, hasFeature, type CcidClassDescriptor } from './class-descriptor.ts';
import { PC_TO_RDR, POWER_SELECT, xfrBlockParameters, type CcidReply, type Voltage } from './messages.ts';
import { COMMAND_STATUS, ICC_STATUS, SLOT_ERROR, slotError } from './slot-errors.ts';

export type PowerPlan = readonly (Voltage | 'automatic')[];

/** The bPowerSelect values to try, in order (see the module comment). */
export function powerPlan(descriptor: Pick<CcidClassDescriptor, 'dwFeatures' | 'bVoltageSupport'>): PowerPlan {
  if (hasFeature(descriptor, CCID_FEATURE.autoVoltageSelection) || hasFeature(descriptor, CCID_FEATURE.autoActivationOnInsert)) return ['automatic'];
  const plan: Voltage[] = [];
  if (descriptor.bVoltageSupport & 0x04) plan.push('1.8V');
  if (descriptor.bVoltageSupport & 0x02) plan.push('3V');
  if (descriptor.bVoltageSupport & 0x01) plan.push('5V');
  return plan.length > 0 ? plan : ['automatic'];
}

export interface PowerOnResult {
  atr: Uint8Array;
  voltage: Voltage | 'automatic';
}

export class CcidSlot {
  constructor(
    readonly channel: CcidChannel,
    readonly index: number,
  ) {}

  async status(options: TransactOptions = {}): Promise<'present' | 'absent'> {
    const reply = await this.channel.transact({ type: PC_TO_RDR.GetSlotStatus, slot: this.index, parameters: [0, 0, 0] }, options);
    // An absent or mute card is not a communication error here (libccid CmdGetSlotStatus).
    if (reply.commandStatus === COMMAND_STATUS.failed && reply.bError !== SLOT_ERROR.ICC_MUTE && reply.iccStatus !== ICC_STATUS.absent) {
      throw slotError(reply, 'GetSlotStatus');
    }
    return reply.iccStatus === ICC_STATUS.absent ? 'absent' : 'present';
  }

  async powerOn(plan: PowerPlan, options: TransactOptions = {}): Promise<PowerOnResult> {
    let lastError: CardError = new CardMuteError({ detail: 'no voltage to try' });
    for (const voltage of plan) {
      const reply = await this.channel.transact({ type: PC_TO_RDR.IccPowerOn, slot: this.index, parameters: [POWER_SELECT[voltage], 0, 0] }, options);
      if (reply.commandStatus !== COMMAND_STATUS.failed) {
        if (reply.data.length === 0) throw new CardProtocolError({ detail: 'PowerOn answered without an ATR' });
        return { atr: reply.data, voltage };
      }
      lastError = slotError(reply, `PowerOn ${voltage}`);
      if (lastError instanceof CardRemovedError) throw lastError;
      const tryNext = reply.bError === SLOT_ERROR.ICC_MUTE || reply.bError === SLOT_ERROR.ICC_CLASS_NOT_SUPPORTED || reply.bError === SLOT_ERROR.BAD_ATR_TS || reply.bError === SLOT_ERROR.BAD_ATR_TCK;
      if (!tryNext) throw lastError;
      // CCID §6.1.1: the card must be powered off before another voltage is applied.
      await this.powerOff(options).catch(() => {});
    }
    throw lastError;
  }

  async powerOff(options: TransactOptions = {}): Promise<void> {
    const reply = await this.channel.transact({ type: PC_TO_RDR.IccPowerOff, slot: this.index, parameters: [0, 0, 0] }, options);
    if (reply.commandStatus === COMMAND_STATUS.failed && reply.iccStatus !== ICC_STATUS.absent) throw slotError(reply, 'PowerOff');
  }

  /**
   * CCID §6.1.7. Like libccid, "command not supported" (bError 0) and a parameter the reader
   * cannot change (bError 1-127) leave the reader's own parameters in force.
   */
  async setParameters(protocol: 0 | 1, structure: Uint8Array, options: TransactOptions = {}): Promise<'set' | 'kept'> {
    const reply = await this.channel.transact({ type: PC_TO_RDR.SetParameters, slot: this.index, parameters: [protocol, 0, 0], data: structure }, options);
    if (reply.commandStatus !== COMMAND_STATUS.failed) return 'set';
    if (reply.iccStatus !== ICC_STATUS.absent && reply.bError >= 0x00 && reply.bError <= 0x7f) return 'kept';
    throw slotError(reply, 'SetParameters');
  }

  /** One PC_to_RDR_XfrBlock; a failed reply becomes a typed error. */
  async xfrBlock(data: Uint8Array, params: { bwi?: number; levelParameter?: number }, options: TransactOptions = {}): Promise<CcidReply> {
    const reply = await this.channel.transact(
      { type: PC_TO_RDR.XfrBlock, slot: this.index, parameters: xfrBlockParameters(params.bwi ?? 0, params.levelParameter ?? 0), data },
      options,
    );
    if (reply.commandStatus === COMMAND_STATUS.failed) throw slotError(reply, 'XfrBlock');
    return reply;
  }
}
