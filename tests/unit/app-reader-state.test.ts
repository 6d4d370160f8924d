import { describe, expect, it } from 'vitest';
import { CardDesk } from '../../src/app/checkin/card-desk.svelte.ts';
import { ReaderRegistry } from '../../src/app/reader/reader-sources.ts';
import { ReaderState } from '../../src/app/reader/reader-state.svelte.ts';
import { readSetting } from '../../src/db/settings.ts';
import { CardRemovedError } from '../../src/card/errors.ts';
import { createVirtualCard } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import type { Reader, ReaderKind, ReaderSource } from '../../src/reader/reader.ts';
import { TrainingReader, TrainingReaderSource } from '../../src/reader/training/training-reader.ts';
import { ProtectedInterfaceError } from '../../src/reader/errors.ts';
import { VirtualReader } from '../../src/reader/virtual/virtual-reader.ts';
import { WebUsbReaderSource } from '../../src/reader/webusb/webusb-reader-source.ts';
import { SimulatedDevice } from '../support/device.ts';
import { FakeWebUsb } from '../support/fake-webusb.ts';
import { corpusFile, FAST_TIMING } from '../support/virtual-readers.ts';

/** A reader source as a browser without the API, or one whose user closes the picker, presents it. */
class UnavailableSource implements ReaderSource {
  constructor(
    readonly kind: ReaderKind,
    private readonly behaviour: { available: boolean | 'throws'; readers?: Reader[]; request?: 'closed' },
  ) {}
  available(): boolean {
    if (this.behaviour.available === 'throws') throw new TypeError('navigator.usb is undefined');
    return this.behaviour.available;
  }
  list(): Promise<Reader[]> {
    return Promise.resolve(this.behaviour.readers ?? []);
  }
  request(): Promise<Reader[]> {
    if (this.behaviour.request === 'closed') return Promise.reject(new DOMException('No device selected.', 'NotFoundError'));
    return this.list();
  }
}

let devices = 0;
const device = () => new SimulatedDevice(`reader-state-${++devices}`);

describe('ReaderRegistry', () => {
  it('offers the sources this browser has, in order, skipping one whose probe throws', () => {
    const training = new TrainingReaderSource(new TrainingReader());
    const registry = new ReaderRegistry([
      new UnavailableSource('webusb-ccid', { available: 'throws' }),
      new UnavailableSource('web-smart-card', { available: true }),
      training,
    ]);
    expect(registry.available().map((s) => s.kind)).toEqual(['web-smart-card', 'training']);
    expect(registry.byKind('webusb-ccid')?.kind).toBe('webusb-ccid');
    expect(registry.training).toBe(training);
  });
});

describe('ReaderState', () => {
  it('remembers the chosen reader and finds it again after a reload', async () => {
    const tablet = device();
    const registry = new ReaderRegistry([new TrainingReaderSource(new TrainingReader())]);
    const first = new ReaderState(tablet.db, registry);
    await first.restore();
    expect(first.status).toBe('none');
    const source = registry.available()[0];
    if (!source) throw new Error('no source');
    expect(await first.choose(source)).toBe(true);
    expect(first.status).toBe('ready');
    expect(first.training).toBe(true);
    expect(await readSetting(tablet.db, 'reader')).toEqual({ kind: 'training', readerId: 'training', readerName: 'Training reader' });

    tablet.reload();
    const again = new ReaderState(tablet.db, registry);
    await again.restore();
    expect(again.status).toBe('ready');
    expect(again.reader?.kind).toBe('training');

    await again.forget();
    expect(again.status).toBe('none');
    expect(await readSetting(tablet.db, 'reader')).toBeUndefined();
  });

  it('says when the browser must be asked again, or cannot use the reader chosen before', async () => {
    const tablet = device();
    const usb = new UnavailableSource('webusb-ccid', { available: true, readers: [], request: 'closed' });
    const state = new ReaderState(tablet.db, new ReaderRegistry([usb]));
    expect(await state.choose(usb)).toBe(false);
    expect(state.problem).toBeInstanceOf(DOMException);
    expect(state.status).toBe('loading');

    await tablet.db.settings.put({ key: 'reader', value: { kind: 'webusb-ccid', readerId: 'usb-1', readerName: 'SCR3310' } });
    await state.restore();
    expect(state.status).toBe('needs-permission');

    const elsewhere = new ReaderState(tablet.db, new ReaderRegistry([new UnavailableSource('webusb-ccid', { available: false })]));
    await elsewhere.restore();
    expect(elsewhere.status).toBe('unavailable');
  });
});

describe('CardDesk', () => {
  it('tracks placements, keeps one connection per placement, and notices a card that slid off', async () => {
    const reader = new TrainingReader();
    // A real reader may lose a card with no slot-change event; the desk asks again after a card error.
    const silent = withoutRemovalEvents(reader);
    const desk = new CardDesk();
    let placed = 0;
    desk.onPlaced(() => placed++);
    desk.attach(silent);
    await expect(desk.connect()).rejects.toBeInstanceOf(CardRemovedError);

    const card = await createVirtualCard(trainingResident('R01'), await trainingAuthority());
    reader.place(card);
    expect(desk.present).toBe(true);
    expect(placed).toBe(1);
    const connection = await desk.connect();
    expect(await desk.connect()).toBe(connection);

    reader.place(card, { removeAfterExchanges: 0 });
    expect(placed).toBe(2);
    const second = await desk.connect();
    expect(second).not.toBe(connection);
    await expect(second.transmit(new Uint8Array([0x00, 0xa4, 0x04, 0x0c]))).rejects.toBeInstanceOf(CardRemovedError);
    expect(desk.present).toBe(true);
    await desk.refresh();
    expect(desk.present).toBe(false);

    reader.remove();
    desk.detach();
    reader.place(card);
    expect(placed).toBe(2);
  });
});

/** `reader` as a reader that reports placements but never removals. */
function withoutRemovalEvents(reader: Reader): Reader {
  return {
    id: reader.id,
    name: reader.name,
    kind: reader.kind,
    cardPresence: () => reader.cardPresence(),
    onPresenceChange: (listener) => reader.onPresenceChange((presence) => presence === 'present' && listener(presence)),
    connect: (options) => reader.connect(options),
    close: () => reader.close(),
  };
}

describe('ReaderState with the WebUSB source', () => {
  it('shows what to do, with the compatibility link, when the picked reader is a protected smart-card-class device', async () => {
    const sony = new VirtualReader(corpusFile('SONY_FeliCa_RC-S300_S.txt'), { protectedClass: true });
    const usb = new FakeWebUsb([sony.device], (offered) => offered[0]);
    const source = new WebUsbReaderSource({ usb, driver: { timing: FAST_TIMING }, environment: { isolatedWebApp: false } });
    const tablet = device();
    const state = new ReaderState(tablet.db, new ReaderRegistry([source, new TrainingReaderSource(new TrainingReader())]));
    await state.restore();
    expect(await state.choose(source)).toBe(false);
    expect(state.status).toBe('none');
    expect(state.problem).toBeInstanceOf(ProtectedInterfaceError);
    expect(state.guidance?.verdict).toBe('needs-isolated-web-app');
    expect(state.guidance?.compatibilityPage).toBe('readers.html#r-054C-0DC8');
    expect(await readSetting(tablet.db, 'reader')).toBeUndefined();

    // The training reader still works, and a new choice clears the advice.
    const training = state.registry.training;
    if (!training) throw new Error('no training source');
    expect(await state.choose(training)).toBe(true);
    expect(state.guidance).toBeUndefined();
  });

  it('uses a vendor-class CCID reader (the NTT SCR3310) picked in an ordinary page, with no advice needed', async () => {
    const ntt = new VirtualReader(corpusFile('SCR3310-NTTCom.txt'));
    const usb = new FakeWebUsb([ntt.device], (offered) => offered[0]);
    const source = new WebUsbReaderSource({ usb, driver: { timing: FAST_TIMING } });
    const state = new ReaderState(device().db, new ReaderRegistry([source]));
    await state.restore();
    expect(await state.choose(source)).toBe(true);
    expect(state.status).toBe('ready');
    expect(state.reader?.kind).toBe('webusb-ccid');
    expect(state.guidance).toBeUndefined();
  });
});
