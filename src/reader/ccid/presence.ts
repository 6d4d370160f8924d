/**
 * Card insertion and removal for the slots of one CCID interface: RDR_to_PC_NotifySlotChange on
 * the interrupt-IN endpoint (CCID §6.3.1), or, for readers without one, PC_to_RDR_GetSlotStatus
 * polled while someone listens. Runs only while it has listeners; stops when the reader closes
 * or leaves the bus.
 */
import type { CardPresence } from '../reader.ts';
import { pause } from '../deadline.ts';
import type { UsbPipes } from '../usb/usb-pipes.ts';
import type { CcidSlot } from './ccid-slot.ts';
import { decodeNotifySlotChange, RDR_TO_PC } from './messages.ts';

export type PresenceListener = (slot: number, presence: CardPresence) => void;

export class PresenceWatch {
  private readonly listeners = new Set<PresenceListener>();
  private readonly known = new Map<number, CardPresence>();
  private running = false;
  private generation = 0;
  private stopper = new AbortController();

  constructor(
    private readonly pipes: UsbPipes,
    private readonly slots: readonly CcidSlot[],
    private readonly options: { pollIntervalMs: number; interruptPacketSize: number; statusTimeoutMs: number },
  ) {}

  subscribe(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** What a command or a notification just learnt; a change from what was known goes to the listeners. */
  observe(slot: number, presence: CardPresence): void {
    const before = this.known.get(slot);
    if (before === presence) return;
    this.known.set(slot, presence);
    if (before === undefined) return; // the first state known is not a change
    for (const listener of [...this.listeners]) listener(slot, presence);
  }

  stop(): void {
    this.running = false;
    this.stopper.abort();
  }

  private start(): void {
    if (this.running) return;
    this.running = true;
    this.stopper = new AbortController();
    const generation = ++this.generation;
    const run = this.pipes.endpoints.interruptIn !== undefined ? this.listen(generation) : this.poll(generation, this.stopper.signal);
    run.catch(() => {
      if (generation === this.generation) this.running = false; // the device went away; a new subscriber starts again
    });
  }

  private live(generation: number): boolean {
    return this.running && generation === this.generation;
  }

  private async listen(generation: number): Promise<void> {
    for (const slot of this.slots) this.observe(slot.index, await slot.status({ timeoutMs: this.options.statusTimeoutMs }));
    while (this.live(generation)) {
      const message = await this.pipes.interruptIn(this.options.interruptPacketSize);
      if (!this.live(generation)) return;
      if (message[0] !== RDR_TO_PC.NotifySlotChange) continue; // RDR_to_PC_HardwareError: the next command reports it
      for (const change of decodeNotifySlotChange(message, this.slots.length)) {
        const presence: CardPresence = change.present ? 'present' : 'absent';
        // A card swapped between two notifications: changed, and present again.
        if (change.changed && change.present && this.known.get(change.slot) === 'present') this.observe(change.slot, 'absent');
        this.observe(change.slot, presence);
      }
    }
  }

  private async poll(generation: number, signal: AbortSignal): Promise<void> {
    while (this.live(generation)) {
      for (const slot of this.slots) this.observe(slot.index, await slot.status({ timeoutMs: this.options.statusTimeoutMs, signal }));
      await pause(this.options.pollIntervalMs, signal);
    }
  }
}
