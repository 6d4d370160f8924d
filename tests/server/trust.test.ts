import { describe, expect, it } from 'vitest';
import { trainingAuthority } from '../../src/card/training/committed-data.ts';
import { bytesEqual } from '../../src/protocol/encoding.ts';
import { serverTrustStore } from '../../server/trust.ts';

describe('serverTrustStore', () => {
  it('trusts the training JPKI hierarchy in training mode only', async () => {
    const training = (await trainingAuthority()).cas.map((ca) => ca.der);
    const trusts = (anchors: readonly { der: Uint8Array }[], der: Uint8Array) => anchors.some((a) => bytesEqual(a.der, der));

    const trainingStore = await serverTrustStore({ extraCaFiles: [], mode: 'training' });
    expect(training.every((der) => trusts(trainingStore.anchors, der))).toBe(true);

    const production = await serverTrustStore({ extraCaFiles: [], mode: 'production' });
    expect(training.some((der) => trusts(production.anchors, der))).toBe(false);
    expect(production.anchors.length).toBeGreaterThan(0);
    expect(trainingStore.anchors.length).toBe(production.anchors.length + training.length);
  });
});
