import { parseArgs } from 'node:util';
import { pushRequest } from '../../../src/protocol/api.ts';
import { simulateEvents } from '../../sim/event-generator.ts';
import { UsageError, type Command } from '../command.ts';

export const simCommand: Command = {
  name: 'sim',
  summary: 'Simulated data: `sim events --count N --shelter ID` prints events ready to push',
  usage: 'shelterkey sim events --count N --shelter ID [--seed S]',
  async run(args, io) {
    const [what, ...rest] = args;
    if (what !== 'events') throw new UsageError('Say what to simulate: "events".');
    const { values } = parseArgs({ args: rest, options: { count: { type: 'string' }, shelter: { type: 'string' }, seed: { type: 'string' } } });
    const count = Number(values.count);
    if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new UsageError('--count must be a whole number from 1 to 1000000.');
    if (!values.shelter) throw new UsageError('--shelter ID is required.');
    const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
    // The activity ends now: every event lies in the past, as it would on a device.
    const start = new Date(Date.now() - count * 5_000);
    const events = simulateEvents({ shelterId: values.shelter, count, seed, start });
    // Checked against the protocol in batches the server accepts.
    for (let i = 0; i < events.length; i += 1000) pushRequest.parse({ events: events.slice(i, i + 1000) });
    io.stdout(`${JSON.stringify({ events })}\n`);
    return 0;
  },
};
