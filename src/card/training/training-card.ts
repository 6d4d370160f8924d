/** A training resident's virtual card on a virtual reader, ready to hand to a card session. */
import { VirtualCardTransport, type VirtualCardTransportOptions } from '../virtual/virtual-transport.ts';
import type { VirtualCardOptions } from '../virtual/virtual-card.ts';
import { createVirtualCard } from './card-image-builder.ts';
import { trainingAuthority, trainingResident } from './committed-data.ts';
import type { TrainingResident } from './resident-generator.ts';

export async function trainingCardTransport(
  resident: TrainingResident | string,
  options: { card?: VirtualCardOptions; transport?: VirtualCardTransportOptions } = {},
): Promise<VirtualCardTransport> {
  const who = typeof resident === 'string' ? trainingResident(resident) : resident;
  const card = await createVirtualCard(who, await trainingAuthority(), options.card);
  return new VirtualCardTransport(card, options.transport);
}
