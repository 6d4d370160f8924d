/**
 * What staff see of an open alert: whose card it was (the resident named by the validation, or
 * the one registered with that certificate), when it was accepted, and why it was revoked.
 */
import type { AlertRow } from '../../db/database.ts';
import type { FinalVerdict } from '../../protocol/api.ts';
import type { ShelterEvent } from '../../protocol/events.ts';
import type { LocalizedText } from '../../protocol/user-facing-error.ts';
import type { Roster } from '../../roster/roster.ts';

/** An open alert with what the device holds about it. */
export interface OpenAlert {
  alert: AlertRow;
  verdict: FinalVerdict | undefined;
  /** The card.validated event (absent while the device has not pulled it yet). */
  event: ShelterEvent | undefined;
  /** SHA-256 of the validated certificate, for a card that was not yet tied to a resident. */
  certificateFingerprint: string | undefined;
}

export interface AlertView {
  alertId: string;
  eventId: string;
  resident: { id: string; name: string } | undefined;
  /** When the card was accepted (the device's time). */
  acceptedAt: string | undefined;
  reason: string | undefined;
  meaning: LocalizedText | undefined;
  revokedAt: string | undefined;
}

function residentOf(open: OpenAlert, roster: Roster): AlertView['resident'] {
  const { event, certificateFingerprint } = open;
  if (event?.type !== 'card.validated') return undefined;
  const { residentId } = event.payload;
  const found = residentId ? roster.get(residentId) : certificateFingerprint ? roster.findByCard({ certificateFingerprint }) : undefined;
  return found && { id: found.id, name: found.name };
}

/** The alerts, most recently accepted card first. */
export function alertViews(open: readonly OpenAlert[], roster: Roster): AlertView[] {
  const views = open.map(
    (item): AlertView => ({
      alertId: item.alert.id,
      eventId: item.alert.eventId,
      resident: residentOf(item, roster),
      acceptedAt: item.event?.occurredAt,
      reason: item.verdict?.reason,
      meaning: item.verdict?.meaning,
      revokedAt: item.verdict?.revokedAt,
    }),
  );
  const time = (view: AlertView) => (view.acceptedAt ? Date.parse(view.acceptedAt) : 0);
  return views.sort((a, b) => time(b) - time(a));
}
