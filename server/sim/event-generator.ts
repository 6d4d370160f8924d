/**
 * Simulated shelter activity: distinct, valid events of mixed types for one shelter, as a device
 * would create them (registrations, check-ins and -outs, updates, transfers, service links).
 * Used by `shelterkey sim events`, the sync benchmark and the sync fault tests.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ShelterEvent } from '../../src/protocol/events.ts';

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本'];
const GIVEN = ['大翔', '蓮', '陽翔', '湊', '結菜', '陽葵', '凛', '芽依', '健一', '恵子', '和子', '誠', '直樹', '美咲', '翔太'];
const TOWNS = ['宮城県石巻市中央二丁目', '岩手県宮古市南町', '福島県相馬市中村', '熊本県益城町宮園', '石川県輪島市河井町', '静岡県沼津市千本'];

/** A small deterministic generator (mulberry32) so a seed reproduces a run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulationOptions {
  shelterId: string;
  count: number;
  seed?: number;
  /** Device clock of the first event; later ones follow a few seconds apart. */
  start?: Date;
  /** First per-device sequence number. */
  firstSequence?: number;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
const fullWidth = (n: number) => String(n).replace(/\d/g, (d) => FULL_WIDTH_DIGITS[Number(d)] ?? d);

export function simulateEvents({ shelterId, count, seed = 1, start = new Date(), firstSequence = 1 }: SimulationOptions): ShelterEvent[] {
  const random = seededRandom(seed);
  const events: ShelterEvent[] = [];
  const present: string[] = [];
  const absent: string[] = [];
  let time = start.getTime();
  for (let i = 0; i < count; i++) {
    time += 1000 + Math.floor(random() * 4000);
    const base = { id: uuidv7({ msecs: time }), occurredAt: new Date(time).toISOString(), sequence: firstSequence + i, shelterId };
    const roll = random();
    if (present.length + absent.length === 0 || roll < 0.3) {
      const residentId = uuidv7({ msecs: time });
      const year = 1940 + Math.floor(random() * 80);
      events.push({
        ...base,
        type: 'resident.registered',
        payload: {
          residentId,
          source: random() < 0.8 ? 'card_pin' : 'manual',
          name: `${pick(random, FAMILY)}\u3000${pick(random, GIVEN)}`,
          address: `${pick(random, TOWNS)}${fullWidth(1 + Math.floor(random() * 30))}番${fullWidth(1 + Math.floor(random() * 20))}号`,
          birthDate: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
          sex: random() < 0.5 ? 'male' : 'female',
          attributesVerified: true,
        },
      });
      absent.push(residentId);
    } else if (roll < 0.6 && absent.length > 0) {
      const residentId = absent.splice(Math.floor(random() * absent.length), 1)[0] as string;
      present.push(residentId);
      events.push({ ...base, type: 'resident.checked_in', payload: { residentId, method: random() < 0.7 ? 'card' : 'returning' } });
    } else if (roll < 0.75 && present.length > 0) {
      const residentId = present.splice(Math.floor(random() * present.length), 1)[0] as string;
      absent.push(residentId);
      events.push({ ...base, type: 'resident.checked_out', payload: { residentId } });
    } else if (roll < 0.85) {
      const residentId = pick(random, [...present, ...absent]);
      events.push({ ...base, type: 'resident.updated', payload: { residentId, changes: { needs: { allergies: '卵、そば' }, contact: { phone: '090-0000-0000' } } } });
    } else if (roll < 0.92) {
      const residentId = pick(random, [...present, ...absent]);
      events.push({ ...base, type: 'service.linked', payload: { residentId, serviceName: '図書館', serviceId: `LIB-${Math.floor(random() * 1e8)}` } });
    } else if (present.length > 0) {
      const residentId = present.splice(Math.floor(random() * present.length), 1)[0] as string;
      events.push({ ...base, type: 'resident.transferred', payload: { residentId, toShelterName: '市立第二中学校体育館' } });
    } else {
      const residentId = absent.splice(Math.floor(random() * absent.length), 1)[0] as string;
      present.push(residentId);
      events.push({ ...base, type: 'resident.checked_in', payload: { residentId, method: 'manual' } });
    }
  }
  return events;
}
