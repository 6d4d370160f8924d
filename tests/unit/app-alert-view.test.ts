import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { alertViews, type OpenAlert } from '../../src/app/sync/alert-view.ts';
import type { FinalVerdict } from '../../src/protocol/api.ts';
import type { EventOf, ShelterEvent } from '../../src/protocol/events.ts';
import { Roster } from '../../src/roster/roster.ts';

const shelterId = 'shelter-1';
let sequence = 0;
const at = (minutes: number) => new Date(Date.parse('2026-11-20T08:00:00+09:00') + minutes * 60_000).toISOString();
const fingerprint = (c: string) => c.repeat(64);

const hanako = uuidv7();
const taro = uuidv7();
const registered = (residentId: string, name: string, minutes: number, certificateFingerprint?: string): ShelterEvent => ({
  id: uuidv7(),
  type: 'resident.registered',
  occurredAt: at(minutes),
  sequence: ++sequence,
  shelterId,
  payload: { residentId, source: certificateFingerprint ? 'card_pin' : 'manual', name, attributesVerified: false, ...(certificateFingerprint ? { certificateFingerprint } : {}) },
});
const validated = (minutes: number, residentId?: string): EventOf<'card.validated'> => ({
  id: uuidv7(),
  type: 'card.validated',
  occurredAt: at(minutes),
  sequence: ++sequence,
  shelterId,
  payload: { certificate: 'MAA=', verdict: { status: 'valid' }, revocationData: null, ...(residentId ? { residentId } : {}) },
});
const verdictOf = (event: ShelterEvent): FinalVerdict => ({
  eventId: event.id,
  status: 'revoked',
  reason: 'certificateHold',
  meaning: { ja: 'カードの紛失届（一時停止中）', en: 'card reported lost (suspended)' },
  revokedAt: '2026-11-02T00:30:00.000Z',
  changed: true,
  revokedAtCheckIn: true,
  checkedAt: '2026-11-21T00:00:00.000Z',
});
const open = (event: ShelterEvent | undefined, eventId: string, certificateFingerprint?: string): OpenAlert => ({
  alert: { id: `revoked:${eventId}`, eventId, kind: 'revoked_at_check_in', createdAt: '2026-11-21T00:00:00.000Z', acknowledged: 0 },
  verdict: event && verdictOf(event),
  event,
  certificateFingerprint,
});

describe('alertViews', () => {
  const byResident = validated(30, taro);
  const firstCard = validated(10);
  const strangerCard = validated(20);
  const roster = new Roster([registered(hanako, '山田\u3000花子', 11, fingerprint('a')), registered(taro, '佐藤\u3000太郎', 5), byResident, firstCard, strangerCard]);

  it('names the resident of the validation, or the one registered with the certificate, newest check first', () => {
    const views = alertViews([open(firstCard, firstCard.id, fingerprint('a')), open(byResident, byResident.id), open(strangerCard, strangerCard.id, fingerprint('b'))], roster);
    expect(views.map((v) => [v.eventId, v.resident?.name])).toEqual([
      [byResident.id, '佐藤\u3000太郎'],
      [strangerCard.id, undefined],
      [firstCard.id, '山田\u3000花子'],
    ]);
    expect(views[0]).toMatchObject({ acceptedAt: byResident.occurredAt, reason: 'certificateHold', meaning: { ja: 'カードの紛失届（一時停止中）' }, revokedAt: '2026-11-02T00:30:00.000Z' });
  });

  it('still lists an alert whose validation event is not on the device yet', () => {
    const missing = uuidv7();
    expect(alertViews([open(undefined, missing)], roster)).toEqual([
      { alertId: `revoked:${missing}`, eventId: missing, resident: undefined, acceptedAt: undefined, reason: undefined, meaning: undefined, revokedAt: undefined },
    ]);
  });
});
