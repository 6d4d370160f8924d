import { describe, expect, it } from 'vitest';
import { RevocationStatus } from '../../src/app/revocation/revocation-status.svelte.ts';
import { jpkiIssuerLabels } from '../../src/app/revocation/issuer-labels.ts';
import { loadTrainingKit } from '../../src/app/training/training-kit.ts';
import { createTrainingCrl, trainingAuthority, TRAINING_RESIDENTS } from '../../src/card/index.ts';
import { InProcessRevocation } from '../support/in-process-revocation.ts';

async function trainingSetup() {
  const kit = await loadTrainingKit();
  const revocation = new InProcessRevocation();
  await revocation.setExtraAnchors(kit.caCertificates);
  const der = await createTrainingCrl(await trainingAuthority(), { kind: 'user-authentication', generation: '2023', residents: TRAINING_RESIDENTS });
  return { kit, revocation, der };
}

describe('RevocationStatus', () => {
  it('names the JPKI CAs by key identifier', () => {
    const labels = Object.values(jpkiIssuerLabels());
    expect(labels).toContain('JPKI user authentication CA (2023 generation)');
    expect(labels).toHaveLength(4);
  });

  it('imports a CRL file with progress and lists it with its issuer', async () => {
    const { kit, revocation, der } = await trainingSetup();
    const status = new RevocationStatus(revocation, () => kit.issuerLabels);
    await status.refresh();
    expect(status.lists).toEqual([]);
    const importing = status.importFile(new Blob([der]));
    expect(status.importing).toBe(true);
    expect(status.progress).toEqual({ bytes: 0, entries: 0, total: der.length });
    await importing;
    expect(status.importing).toBe(false);
    expect(status.outcome).toMatchObject({ kind: 'imported', summary: { entryCount: expect.any(Number) } });
    expect(status.lists?.map((l) => status.labelOf(l.issuerKeyId))).toEqual(['JPKI TRAINING user-authentication CA (2023)']);
  });

  it('refuses a tampered file and changes nothing', async () => {
    const { kit, revocation, der } = await trainingSetup();
    const status = new RevocationStatus(revocation, () => kit.issuerLabels);
    const tampered = Uint8Array.from(der);
    tampered[tampered.length - 10] = (tampered[tampered.length - 10] ?? 0) ^ 0xff;
    await status.importFile(new Blob([tampered]));
    expect(status.outcome?.kind).toBe('failed');
    expect(status.lists).toEqual([]);
  });

  it('cancels an import that is under way; the lists stay as they were', async () => {
    const { kit, revocation, der } = await trainingSetup();
    const status = new RevocationStatus(revocation, () => kit.issuerLabels);
    // A file whose reading stalls half-way, as a slow USB stick or a network share can.
    let pulled = false;
    const stalling = new Blob([der]);
    Object.defineProperty(stalling, 'stream', {
      value: () =>
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled) return new Promise<void>(() => undefined);
            pulled = true;
            controller.enqueue(der.subarray(0, der.length >> 1));
            return undefined;
          },
        }),
    });
    const importing = status.importFile(stalling);
    await expect.poll(() => pulled).toBe(true);
    status.cancel();
    await importing;
    expect(status.outcome).toEqual({ kind: 'cancelled' });
    expect(status.lists).toEqual([]);
  });
});
