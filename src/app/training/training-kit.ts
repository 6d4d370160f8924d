/**
 * What training mode needs from the committed training data: the made-up residents (with what
 * each card shows when checked), their virtual cards, the training CAs and their CRLs. Loaded
 * with import() only when training mode starts: the data is large and real use never needs it.
 */
import type { RsaPublicKeyComponents } from '../../card/rsa-public-key.ts';
import { trainingAuthority, TRAINING_RESIDENTS } from '../../card/training/committed-data.ts';
import { createVirtualCard, residentName } from '../../card/training/card-image-builder.ts';
import { renewedTrainingResident } from '../../card/training/renewal.ts';
import { createTrainingCrlSet } from '../../card/training/training-crl.ts';
import type { VirtualMyNumberCard } from '../../card/virtual/virtual-card.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { base64ToBytes, bytesToHex } from '../../protocol/encoding.ts';
import type { LocalizedText } from '../../protocol/user-facing-error.ts';
import { CRL_REASON_CODES } from '../../card/training/training-crl.ts';
import { reasonMeaning, reasonName } from '../../revocation/reasons.ts';

export type TrainingCardNote =
  | { kind: 'valid' }
  | { kind: 'revoked'; meaning: LocalizedText }
  | { kind: 'expired' }
  | { kind: 'signing-revoked' }
  | { kind: 'child' };

export interface TrainingResidentView {
  id: string;
  name: string;
  note: TrainingCardNote;
  /** A renewed card (new certificate, new MyKey ID) can be placed too. */
  renewable: boolean;
}

/** Which of a resident's cards: the one in the committed data, or its renewal (TRAINING_RENEWAL_AT). */
export type TrainingCardIssue = 'first' | 'renewed';

/** Residents whose renewed card the panel offers: two valid adults, and R09 whose first certificate is revoked as superseded. */
const RENEWABLE = new Set(['R01', 'R02', 'R09']);

export interface TrainingKit {
  residents: readonly TrainingResidentView[];
  /** DER of every training CA (both kinds, every generation): the extra trust anchors. */
  caCertificates: Uint8Array[];
  /** Hex key identifiers of the training CAs valid now, whose CRLs a check needs. */
  liveIssuerKeyIds: string[];
  cvIssuerKey: RsaPublicKeyComponents;
  /** Names of the training CAs by hex key identifier, for the revocation panel. */
  issuerLabels: Record<string, string>;
  /** The resident's virtual card: one per resident and issue for the page's life, so PIN counters persist as on a real card. */
  card(id: string, issue?: TrainingCardIssue): Promise<VirtualMyNumberCard>;
  /** Fresh CRLs of every live training CA, issued now. */
  crls(now: Date): Promise<Uint8Array<ArrayBuffer>[]>;
}

export async function loadTrainingKit(now = new Date()): Promise<TrainingKit> {
  const authority = await trainingAuthority();
  const cards = new Map<string, Promise<VirtualMyNumberCard>>();
  const residents = TRAINING_RESIDENTS.map((resident): TrainingResidentView => {
    const certificate = parseCertificate(base64ToBytes(resident.userAuth.certificate));
    const revoked = resident.revocation.userAuth;
    let note: TrainingCardNote = { kind: 'valid' };
    if (certificate.notAfter < now) note = { kind: 'expired' };
    else if (revoked) note = { kind: 'revoked', meaning: reasonMeaning(reasonName(CRL_REASON_CODES[revoked.reason])) };
    else if (resident.revocation.signing) note = { kind: 'signing-revoked' };
    else if (!resident.signing) note = { kind: 'child' };
    return { id: resident.id, name: residentName(resident), note, renewable: RENEWABLE.has(resident.id) };
  });
  return {
    residents,
    caCertificates: authority.cas.map((ca) => ca.der),
    liveIssuerKeyIds: authority.cas.filter((ca) => ca.certificate.notBefore <= now && now <= ca.certificate.notAfter).map((ca) => bytesToHex(ca.keyIdentifier)),
    cvIssuerKey: authority.cvIssuerPublicKey,
    issuerLabels: Object.fromEntries(authority.cas.map((ca) => [bytesToHex(ca.keyIdentifier), `JPKI TRAINING ${ca.kind} CA (${ca.generation})`])),
    card(id, issue = 'first') {
      const resident = TRAINING_RESIDENTS.find((r) => r.id === id);
      if (!resident) return Promise.reject(new RangeError(`no training resident ${id}`));
      const key = `${id}:${issue}`;
      let card = cards.get(key);
      if (!card) {
        card = issue === 'renewed' ? renewedTrainingResident(resident, authority).then((renewed) => createVirtualCard(renewed, authority)) : createVirtualCard(resident, authority);
        cards.set(key, card);
      }
      return card;
    },
    async crls(at) {
      const set = await createTrainingCrlSet(authority, { residents: TRAINING_RESIDENTS, thisUpdate: new Date(Math.floor(at.getTime() / 1000) * 1000) });
      return set.map((crl) => crl.der);
    },
  };
}
