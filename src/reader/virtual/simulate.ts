/**
 * `readers simulate`: one corpus file → a virtual reader with a training card in it → the
 * product's whole read (readTrainingCardEndToEnd) through the real WebUSB CCID driver, in every
 * slot of every interface that can read a My Number Card. Readers the product cannot drive are
 * refused with the reason; figures are those of the first slot read.
 */
import { CardError } from '../../card/errors.ts';
import { openCardSession } from '../../card/session/card-session.ts';
import { createVirtualCard } from '../../card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../card/training/committed-data.ts';
import { readTrainingCardEndToEnd } from '../../card/training/end-to-end-read.ts';
import type { TrainingResident } from '../../card/training/resident-generator.ts';
import type { TrainingAuthority } from '../../card/training/training-authority.ts';
import type { VirtualMyNumberCard } from '../../card/virtual/virtual-card.ts';
import type { ExchangeLevel } from '../ccid/class-descriptor.ts';
import { assessInterface } from '../compatibility/assess-reader.ts';
import { CcidDevice, type CcidTiming } from '../webusb/ccid-device.ts';
import { parseDescriptorFile, type DescriptorFile } from './descriptor-file.ts';
import { VirtualReader } from './virtual-reader.ts';

export type SimulationResult =
  | { file: string; ok: true; exchangeLevel: ExchangeLevel; protocol: 'T=0' | 'T=1'; apdus: number; usbTransfers: number; ms: number }
  | { file: string; ok: false; reason: string };

export interface SimulationContext {
  resident: TrainingResident;
  authority: TrainingAuthority;
  card: VirtualMyNumberCard;
  timing?: Partial<CcidTiming>;
}

export async function simulationContext(residentId = 'R01'): Promise<SimulationContext> {
  const resident = trainingResident(residentId);
  const authority = await trainingAuthority();
  return { resident, authority, card: await createVirtualCard(resident, authority) };
}

export async function simulateReader(fileName: string, text: string, context: SimulationContext): Promise<SimulationResult> {
  let file: DescriptorFile;
  try {
    file = parseDescriptorFile(fileName, text);
  } catch (error) {
    return { file: fileName, ok: false, reason: `unreadable descriptor file: ${error instanceof Error ? error.message : String(error)}` };
  }
  const assessments = file.interfaces.map((i) =>
    assessInterface(file.vendorId, file.productId, { interfaceNumber: i.bInterfaceNumber, interfaceClass: i.bInterfaceClass, interfaceSubClass: i.bInterfaceSubClass, interfaceProtocol: i.bInterfaceProtocol, numEndpoints: i.bNumEndpoints, descriptor: i.ccid }),
  );
  const usable = assessments.filter((a) => a.support.supported);
  if (usable.length === 0) {
    const reasons = [...new Set(assessments.map((a) => (a.support.supported ? '' : `${a.support.code}: ${a.support.reason.en}`)))];
    return { file: fileName, ok: false, reason: reasons.join('; ') };
  }
  const virtual = new VirtualReader(file, { serialNumber: 'SIM' });
  let device: CcidDevice | undefined;
  try {
    device = await CcidDevice.open(virtual.device, { ...(context.timing ? { timing: context.timing } : {}) });
    let first: SimulationResult | undefined;
    for (const assessment of usable) {
      for (const reader of device.readers.filter((r) => r.interfaceNumber === assessment.interfaceNumber)) {
        const where = { interfaceNumber: reader.interfaceNumber, slot: reader.slotIndex };
        virtual.insert(context.card, where);
        const transfers = virtual.device.totalTransfers;
        const started = performance.now();
        const connection = await reader.connect();
        const reading = await readTrainingCardEndToEnd(openCardSession(connection), context.resident, context.authority);
        const ms = Math.round(performance.now() - started);
        if (!reading.signature.verified || !reading.attributes.integrityVerified) throw new Error('the read completed but did not verify');
        first ??= {
          file: fileName,
          ok: true,
          exchangeLevel: connection.level,
          protocol: connection.protocol,
          apdus: connection.apdus,
          usbTransfers: virtual.device.totalTransfers - transfers,
          ms,
        };
        await connection.disconnect();
        virtual.remove(where);
      }
    }
    return first ?? { file: fileName, ok: false, reason: 'no reader slot was found on the usable interfaces' };
  } catch (error) {
    const reason = error instanceof CardError ? `${error.code}: ${(error as { detail?: string }).detail ?? error.message}` : error instanceof Error ? error.message : String(error);
    return { file: fileName, ok: false, reason };
  } finally {
    await device?.close();
  }
}
