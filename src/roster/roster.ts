/**
 * The shelter's residents as the device knows them, projected from every event it holds (its
 * own and the other tablets'). Pure: the same events give the same roster, in any order.
 */
import type { LocalVerdict, ResidentDetails, ShelterEvent } from '../protocol/events.ts';
import { matchesQuery } from './search-text.ts';

export type Presence = 'registered' | 'checked_in' | 'checked_out' | 'transferred';

export interface HistoryEntry {
  eventId: string;
  type: ShelterEvent['type'];
  occurredAt: string;
  /** For a card check: the verdict the device reached. */
  verdict?: LocalVerdict['status'];
}

/** A card known to belong to a resident: the one registered with, or one linked later (renewed). */
export interface KnownCard {
  mykeyId: string | undefined;
  certificateFingerprint: string | undefined;
}

export interface Resident extends ResidentDetails {
  id: string;
  registeredAt: string;
  source: 'card_pin' | 'card_numbers' | 'card_certificate' | 'manual';
  mykeyId: string | undefined;
  certificateFingerprint: string | undefined;
  attributesVerified: boolean;
  /** Every card that identifies this resident, oldest first. */
  cards: KnownCard[];
  presence: Presence;
  presenceAt: string;
  transferredTo: string | undefined;
  linkedServices: { serviceName: string; serviceId: string }[];
  history: HistoryEntry[];
}

const PRESENCE: Partial<Record<ShelterEvent['type'], Presence>> = {
  'resident.checked_in': 'checked_in',
  'resident.checked_out': 'checked_out',
  'resident.transferred': 'transferred',
};

/** Chronological order across devices: device time, then id (UUID v7 sorts by creation time). */
function chronological(a: ShelterEvent, b: ShelterEvent): number {
  const byTime = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
  return byTime !== 0 ? byTime : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class Roster {
  private readonly residents = new Map<string, Resident>();

  constructor(events: readonly ShelterEvent[] = []) {
    for (const event of [...events].sort(chronological)) this.apply(event);
  }

  private apply(event: ShelterEvent): void {
    if (event.type === 'resident.registered') {
      const { residentId, source, mykeyId, certificateFingerprint, attributesVerified, ...details } = event.payload;
      if (this.residents.has(residentId)) return;
      this.residents.set(residentId, {
        ...details,
        id: residentId,
        registeredAt: event.occurredAt,
        source,
        mykeyId,
        certificateFingerprint,
        attributesVerified,
        cards: mykeyId || certificateFingerprint ? [{ mykeyId, certificateFingerprint }] : [],
        presence: 'registered',
        presenceAt: event.occurredAt,
        transferredTo: undefined,
        linkedServices: [],
        history: [{ eventId: event.id, type: event.type, occurredAt: event.occurredAt }],
      });
      return;
    }
    const residentId = (event.payload as { residentId?: string }).residentId;
    const resident = residentId ? this.residents.get(residentId) : undefined;
    if (!resident) return;
    resident.history.push({
      eventId: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      ...(event.type === 'card.validated' ? { verdict: event.payload.verdict.status } : {}),
    });
    const presence = PRESENCE[event.type];
    if (presence) {
      resident.presence = presence;
      resident.presenceAt = event.occurredAt;
      resident.transferredTo = event.type === 'resident.transferred' ? event.payload.toShelterName : undefined;
    } else if (event.type === 'resident.updated') {
      Object.assign(resident, event.payload.changes);
    } else if (event.type === 'card.validated' && (event.payload.mykeyId || event.payload.certificateFingerprint)) {
      const { mykeyId, certificateFingerprint } = event.payload;
      const known = resident.cards.some((card) => card.mykeyId === mykeyId && card.certificateFingerprint === certificateFingerprint);
      if (!known) resident.cards.push({ mykeyId, certificateFingerprint });
    } else if (event.type === 'service.linked') {
      resident.linkedServices.push({ serviceName: event.payload.serviceName, serviceId: event.payload.serviceId });
    }
  }

  get all(): Resident[] {
    return [...this.residents.values()];
  }

  get(id: string): Resident | undefined {
    return this.residents.get(id);
  }

  get checkedInCount(): number {
    return this.all.filter((r) => r.presence === 'checked_in').length;
  }

  /**
   * A returning resident, recognised by the certificate on their card or by its MyKey ID, among
   * the cards registered or linked to them. A renewed certificate has a new MyKey ID (the random
   * part changes), so it is recognised only once staff have linked it to the resident.
   */
  findByCard(card: { certificateFingerprint?: string; mykeyId?: string }): Resident | undefined {
    const matches = (known: KnownCard): boolean =>
      (card.certificateFingerprint !== undefined && known.certificateFingerprint === card.certificateFingerprint) ||
      (card.mykeyId !== undefined && known.mykeyId === card.mykeyId);
    return this.all.find((r) => r.presence !== 'transferred' && r.cards.some(matches)) ?? this.all.find((r) => r.cards.some(matches));
  }

  householdOf(resident: Resident): Resident[] {
    if (!resident.householdId) return [resident];
    return this.all.filter((r) => r.householdId === resident.householdId);
  }

  search(query: string): Resident[] {
    const found = query.trim() === '' ? this.all : this.all.filter((r) => matchesQuery(query, [r.name, r.nameKana, r.address]));
    return found.sort((a, b) => a.name.localeCompare(b.name, 'ja'));
  }
}
