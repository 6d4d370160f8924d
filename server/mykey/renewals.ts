/**
 * Carrying a person over to a renewed user-authentication certificate (DOMAIN.md §2: the MyKey
 * ID changes on renewal; links must follow). Only with proof: the new card's PIN signature (the
 * caller verified it) plus either the 4 attributes matching the earlier registration's keyed
 * digest, or J-LIS's old/new serial link; or an operator's decision (recorded in the audit log
 * by the admin route). Without one of these, a new certificate is a new person.
 */
import type { FourAttributesInput } from '../../src/protocol/mykey-api.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { CertificateFacts, JoinMethod, PersonsRepository } from '../storage/mykey-persons-repository.ts';
import { attributesDigest } from './attributes-digest.ts';
import { certificateFacts, type PresentedCertificate } from './presented-certificate.ts';
import { SerialLinkUnavailableError, type SerialLinkService } from './serial-link.ts';

export interface RenewalResult {
  personId: string;
  mykeyId: string;
  /** The MyKey IDs of the person's earlier certificates. */
  previousMyKeyIds: string[];
}

export class Renewals {
  constructor(
    private readonly deps: {
      persons: PersonsRepository;
      serialLinks: SerialLinkService;
      attributesKey: Buffer;
      clock: Clock;
    },
  ) {}

  async byAttributes(presented: PresentedCertificate, attributes: FourAttributesInput): Promise<RenewalResult> {
    const candidates = await this.deps.persons.personsByAttributesDigest(attributesDigest(this.deps.attributesKey, attributes));
    const own = await this.deps.persons.personOf(presented.hash);
    const others = candidates.filter((id) => id !== own);
    if (own && candidates.includes(own) && others.length === 0) return this.result(own, presented);
    const [target] = others;
    if (!target || others.length > 1) throw new ApiError('renewal_not_proven');
    return this.carry(presented, target, 'attributes');
  }

  async bySerialLink(presented: PresentedCertificate): Promise<RenewalResult> {
    let predecessor;
    try {
      predecessor = await this.deps.serialLinks.predecessorOf(presented.certificate, this.deps.clock.now());
    } catch (error) {
      if (error instanceof SerialLinkUnavailableError) throw new ApiError('serial_link_unavailable');
      throw error;
    }
    const target = predecessor && (await this.deps.persons.personOfIssuerSerial(predecessor.issuerKeyId, predecessor.serial));
    if (!target) throw new ApiError('renewal_not_proven');
    return this.carry(presented, target, 'serial-link');
  }

  async byOperator(presented: PresentedCertificate, previousMyKeyId: string): Promise<RenewalResult> {
    const persons = await this.deps.persons.personsByMyKeyId(previousMyKeyId);
    const [target] = persons;
    if (!target || persons.length > 1) throw new ApiError('not_found', 'No single registration holds a certificate with this MyKey ID.');
    return this.carry(presented, target, 'operator');
  }

  private async carry(presented: PresentedCertificate, target: string, method: JoinMethod): Promise<RenewalResult> {
    const facts: CertificateFacts = certificateFacts(presented);
    const outcome = await this.deps.persons.carryOver(facts, target, method, this.deps.clock.now());
    if (outcome === 'held-by-established-person') {
      throw new ApiError(
        'already_registered',
        'This card already belongs to another registration with links or consents; the staff must settle it.',
        'このカードは、連携や同意のある別の登録にすでに結び付いています。職員が対応します。',
      );
    }
    return this.result(target, presented);
  }

  private async result(personId: string, presented: PresentedCertificate): Promise<RenewalResult> {
    const certificates = await this.deps.persons.certificates(personId);
    return {
      personId,
      mykeyId: certificateFacts(presented).mykeyId,
      previousMyKeyIds: certificates.filter((c) => c.hash !== presented.hash).map((c) => c.mykeyId),
    };
  }
}
