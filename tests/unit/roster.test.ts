import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { simulateEvents } from '../../server/sim/event-generator.ts';
import type { ShelterEvent } from '../../src/protocol/events.ts';
import { Roster } from '../../src/roster/roster.ts';
import { foldForSearch, matchesQuery } from '../../src/roster/search-text.ts';

const shelterId = 'shelter-1';
let sequence = 0;
const at = (minutes: number) => new Date(Date.parse('2026-11-20T08:00:00+09:00') + minutes * 60_000).toISOString();
function event<T extends ShelterEvent['type']>(type: T, minutes: number, payload: Extract<ShelterEvent, { type: T }>['payload']): ShelterEvent {
  return { id: uuidv7(), type, occurredAt: at(minutes), sequence: ++sequence, shelterId, payload } as ShelterEvent;
}

describe('foldForSearch', () => {
  it('ignores width, case, kana script and spaces', () => {
    expect(foldForSearch('ヤマダ　ハナコ')).toBe('やまだはなこ');
    expect(foldForSearch('ﾔﾏﾀﾞ ﾊﾅｺ')).toBe('やまだはなこ');
    expect(foldForSearch('ＹＡＭＡＤＡ Hanako')).toBe('yamadahanako');
    expect(foldForSearch('宮城県石巻市中央２丁目')).toBe('宮城県石巻市中央2丁目');
  });

  it('matches every word of a query against name, kana or address', () => {
    expect(matchesQuery('山田 はなこ', ['山田\u3000花子', 'ヤマダ ハナコ'])).toBe(true);
    expect(matchesQuery('ﾔﾏﾀﾞ', [undefined, 'やまだ はなこ'])).toBe(true);
    expect(matchesQuery('石巻 2丁目', ['山田', undefined, '宮城県石巻市中央２丁目'])).toBe(true);
    expect(matchesQuery('佐藤', ['山田\u3000花子'])).toBe(false);
  });
});

describe('Roster', () => {
  const hanako = uuidv7();
  const taro = uuidv7();
  const household = uuidv7();
  const events = [
    event('resident.registered', 0, { residentId: hanako, source: 'card_pin', name: '山田\u3000花子', address: '宮城県石巻市中央２丁目', mykeyId: '1C2410DF79DGEL07202002B', certificateFingerprint: 'a'.repeat(64), attributesVerified: true, householdId: household }),
    event('resident.registered', 1, { residentId: taro, source: 'manual', name: '山田\u3000太郎', nameKana: 'ヤマダ タロウ', attributesVerified: false, householdId: household }),
    event('resident.checked_in', 2, { residentId: hanako, method: 'card' }),
    event('resident.checked_in', 3, { residentId: taro, method: 'manual' }),
    event('resident.updated', 4, { residentId: taro, changes: { needs: { allergies: 'そば' } } }),
    event('resident.checked_out', 60, { residentId: taro }),
    event('service.linked', 61, { residentId: hanako, serviceName: '図書館', serviceId: 'LIB-1' }),
  ];

  it('projects presence, details, links and history', () => {
    const roster = new Roster(events);
    expect(roster.checkedInCount).toBe(1);
    expect(roster.get(taro)).toMatchObject({ presence: 'checked_out', needs: { allergies: 'そば' }, nameKana: 'ヤマダ タロウ' });
    expect(roster.get(hanako)?.linkedServices).toEqual([{ serviceName: '図書館', serviceId: 'LIB-1' }]);
    expect(roster.get(hanako)?.history.map((h) => h.type)).toEqual(['resident.registered', 'resident.checked_in', 'service.linked']);
    const first = roster.get(hanako);
    if (!first) throw new Error('Hanako is missing');
    expect(roster.householdOf(first).map((r) => r.id).sort()).toEqual([hanako, taro].sort());
  });

  it('gives the same roster whatever order the events arrive in', () => {
    const reversed = new Roster([...events].reverse());
    expect(reversed.all).toEqual(new Roster(events).all);
  });

  it('recognises a returning resident by certificate or by MyKey ID', () => {
    const roster = new Roster(events);
    expect(roster.findByCard({ certificateFingerprint: 'a'.repeat(64) })?.id).toBe(hanako);
    expect(roster.findByCard({ mykeyId: '1C2410DF79DGEL07202002B' })?.id).toBe(hanako);
    expect(roster.findByCard({ certificateFingerprint: 'b'.repeat(64), mykeyId: 'X'.repeat(23) })).toBeUndefined();
  });

  it('finds residents by kana, kanji or address, whatever the width', () => {
    const roster = new Roster(events);
    expect(roster.search('ﾀﾛｳ').map((r) => r.id)).toEqual([taro]);
    expect(roster.search('山田').map((r) => r.id).sort()).toEqual([hanako, taro].sort());
    expect(roster.search('石巻').map((r) => r.id)).toEqual([hanako]);
    expect(roster.search('')).toHaveLength(2);
  });

  it('ignores events for residents it never saw registered', () => {
    const roster = new Roster([event('resident.checked_in', 0, { residentId: uuidv7(), method: 'manual' })]);
    expect(roster.all).toEqual([]);
    expect(roster.checkedInCount).toBe(0);
  });

  it('agrees with the server-side headcount on simulated activity', () => {
    const simulated = simulateEvents({ shelterId, count: 2000, seed: 11 });
    const roster = new Roster(simulated);
    const last = new Map<string, string>();
    for (const e of simulated) {
      const id = (e.payload as { residentId?: string }).residentId;
      if (id && (e.type === 'resident.checked_in' || e.type === 'resident.checked_out' || e.type === 'resident.transferred')) last.set(id, e.type);
    }
    expect(roster.checkedInCount).toBe([...last.values()].filter((t) => t === 'resident.checked_in').length);
  });
});

describe('Roster: cards linked to residents', () => {
  it('learns a renewed card from a card.validated event that names the resident', () => {
    const id = uuidv7();
    const roster = new Roster([
      event('resident.registered', 0, { residentId: id, source: 'card_pin', name: '佐藤\u3000花子', mykeyId: 'OLDRANDOM00000' + '07202002B', certificateFingerprint: '1'.repeat(64), attributesVerified: true }),
      event('card.validated', 5, { certificate: 'MAM=', verdict: { status: 'valid' }, revocationData: null }),
      event('card.validated', 6, { residentId: id, certificate: 'MAM=', verdict: { status: 'valid' }, revocationData: null, mykeyId: 'NEWRANDOM0000007202002B', certificateFingerprint: '2'.repeat(64) }),
      // The same card seen again (a returning resident) is not a new card.
      event('card.validated', 7, { residentId: id, certificate: 'MAM=', verdict: { status: 'valid' }, revocationData: null, mykeyId: 'NEWRANDOM0000007202002B', certificateFingerprint: '2'.repeat(64) }),
    ]);
    expect(roster.get(id)?.cards).toHaveLength(2);
    expect(roster.findByCard({ mykeyId: 'NEWRANDOM0000007202002B' })?.id).toBe(id);
    expect(roster.findByCard({ certificateFingerprint: '1'.repeat(64) })?.id).toBe(id);
    expect(roster.findByCard({ mykeyId: 'OTHERRANDOM00007202002B' })).toBeUndefined();
    expect(roster.get(id)?.history.map((h) => [h.type, h.verdict])).toEqual([
      ['resident.registered', undefined],
      ['card.validated', 'valid'],
      ['card.validated', 'valid'],
    ]);
  });
});
