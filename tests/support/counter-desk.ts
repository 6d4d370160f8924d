/**
 * A resident counter in Node for the CounterSession tests: the real server (Fastify on SQLite,
 * trusting the training JPKI hierarchy) reached through an in-process fetch that can be taken
 * offline or held back, the training reader with training residents' virtual cards through the
 * app's CardDesk, and an idle clock the test moves by hand.
 */
import { CardDesk } from '../../src/app/checkin/card-desk.svelte.ts';
import { CounterClient, type FetchFunction } from '../../src/app/counter/counter-client.ts';
import { CounterSession } from '../../src/app/counter/counter-session.svelte.ts';
import type { IdleClock } from '../../src/app/counter/idle-timer.svelte.ts';
import { createVirtualCard } from '../../src/card/training/card-image-builder.ts';
import { trainingAuthority, trainingResident } from '../../src/card/training/committed-data.ts';
import { renewedTrainingResident } from '../../src/card/training/renewal.ts';
import type { VirtualMyNumberCard } from '../../src/card/virtual/virtual-card.ts';
import { TrainingReader } from '../../src/reader/training/training-reader.ts';
import { injectFetch } from './inject-fetch.ts';
import { buildMyKeyTestApp, certificateOf, type MyKeyTestApp, type MyKeyTestAppOptions } from './mykey.ts';
import { storageEngines, type TestStorage } from './storage-engines.ts';

export class FakeIdleClock implements IdleClock {
  time = 0;
  private readonly ticks = new Set<() => void>();

  now(): number {
    return this.time;
  }

  every(_ms: number, tick: () => void): () => void {
    this.ticks.add(tick);
    return () => this.ticks.delete(tick);
  }

  /** Moves time on in quarter seconds, ticking as a real interval would. */
  advance(ms: number): void {
    const end = this.time + ms;
    while (this.time < end) {
      this.time = Math.min(end, this.time + 250);
      for (const tick of [...this.ticks]) tick();
    }
  }
}

export class TestCounter {
  readonly reader = new TrainingReader();
  readonly desk = new CardDesk();
  readonly clock = new FakeIdleClock();
  online = true;
  /** Requests wait for this promise when set (an answer still on its way). */
  hold: Promise<void> | undefined;
  enrolled = true;
  registered = new Set<string>();
  cleared = 0;
  session!: CounterSession;
  t!: MyKeyTestApp;
  library!: { id: string; apiKey: string };
  welfare!: { id: string; apiKey: string };
  private storage!: TestStorage;
  private stop: (() => void) | undefined;

  async start(options: MyKeyTestAppOptions = {}): Promise<this> {
    const sqlite = storageEngines.find((e) => e.engine === 'sqlite');
    if (!sqlite) throw new Error('no SQLite engine');
    this.storage = await sqlite.open();
    this.t = await buildMyKeyTestApp(this.storage.storage, options);
    this.library = await this.t.createSystem('市立図書館', { scopes: ['validate', 'links'] });
    this.welfare = await this.t.createSystem('福祉課', { scopes: ['validate', 'attributes', 'age-check'] });
    const token = (await this.t.shelterWithDevices(1)).devices[0]?.token ?? '';
    const inject = injectFetch(() => this.t.app);
    const fetch: FetchFunction = async (input, init) => {
      if (!this.online) throw new TypeError('Failed to fetch');
      await this.hold;
      return inject(input, init);
    };
    const client = new CounterClient({ serverUrl: 'http://shelter.test', token, fetch });
    const authority = await trainingAuthority();
    this.session = new CounterSession({
      desk: this.desk,
      client: () => (this.enrolled ? client : undefined),
      idleTimeoutMs: 60_000,
      idleClock: this.clock,
      registeredHere: (card) => this.registered.has(card.mykeyId),
      cvIssuerKey: () => authority.cvIssuerPublicKey,
      online: () => this.online,
      onCleared: () => (this.cleared += 1),
    });
    this.desk.attach(this.reader);
    this.stop = this.session.start();
    return this;
  }

  async dispose(): Promise<void> {
    this.stop?.();
    this.desk.detach();
    await this.t.app.close();
    await this.storage.dispose();
  }

  /** Places a training resident's card and waits for the PIN step (or whatever the card leads to). */
  async place(id: string, prepare?: (card: VirtualMyNumberCard) => void, issue: 'first' | 'renewed' = 'first'): Promise<VirtualMyNumberCard> {
    const authority = await trainingAuthority();
    const resident = issue === 'renewed' ? await renewedTrainingResident(trainingResident(id), authority) : trainingResident(id);
    const card = await createVirtualCard(resident, authority);
    prepare?.(card);
    this.reader.place(card);
    await this.settled();
    return card;
  }

  /** Waits until the session is no longer reading the card or asking the server. */
  async settled(): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const { name } = this.session.step;
      if (name !== 'reading' && name !== 'proving' && this.session.busy === undefined && !this.session.detailsPin?.reading) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`the counter did not settle: ${this.session.step.name}`);
  }

  /** The service ID a system's own API sees linked to the resident's card. */
  async linkedServiceId(system: { apiKey: string }, resident = 'R01'): Promise<string | null> {
    const response = await this.t.asSystem(system.apiKey, '/api/v1/rp/links/lookup', { certificate: certificateOf(resident) });
    return response.json<{ serviceId: string | null }>().serviceId;
  }
}
