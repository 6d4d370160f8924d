/**
 * One validity check as every MyKey function makes it: parse the presented certificate, ask the
 * revocation lookup at the server's time, count it for the J-LIS fee (when a CRL answered), and
 * find the person of a user-authentication certificate, creating one on the first sight of a
 * usable certificate. Nothing about the call itself is stored.
 */
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { PersonsRepository } from '../storage/mykey-persons-repository.ts';
import type { FeeMeter } from './fees/fee-meter.ts';
import { certificateFacts, presentCertificate, type PresentedCertificate } from './presented-certificate.ts';
import { checkValidity, isUsable, type RevocationLookup, type ValidityAnswer } from './validity.ts';

export interface CheckedCertificate {
  presented: PresentedCertificate;
  validity: ValidityAnswer;
  /** The person of a user-authentication certificate the server knows (or just created). */
  personId: string | undefined;
}

export interface CheckOptions {
  person: 'find' | 'find-or-create';
  /** Refuse (400) anything but a user-authentication certificate before checking it. */
  userAuthenticationOnly?: boolean;
}

export class CertificateChecks {
  constructor(
    private readonly deps: {
      lookup: RevocationLookup;
      persons: PersonsRepository;
      fees: FeeMeter;
      clock: Clock;
    },
  ) {}

  /** `systemId` is the relying system billed for the check (or COUNTER_SYSTEM_ID). */
  async check(systemId: string, certificateBase64: string, options: CheckOptions): Promise<CheckedCertificate> {
    return this.checkPresented(systemId, presentCertificate(certificateBase64), options);
  }

  async checkPresented(systemId: string, presented: PresentedCertificate, options: CheckOptions): Promise<CheckedCertificate> {
    if (options.userAuthenticationOnly && presented.type === 'digital-signature') {
      throw new ApiError('bad_request', 'Send the user-authentication certificate (利用者証明用電子証明書), not the signing certificate.');
    }
    const at = this.deps.clock.now();
    const validity = await checkValidity(this.deps.lookup, presented, at);
    let personId: string | undefined;
    if (validity.certificateType === 'user-authentication' && validity.status !== 'invalid') {
      personId =
        options.person === 'find-or-create' && isUsable(validity)
          ? (await this.deps.persons.findOrCreate(certificateFacts(presented), at)).personId
          : await this.deps.persons.personOf(presented.hash);
    }
    if (validity.crlConsulted && validity.certificateType) {
      const subject = personId ? { personId } : { issuerKeyId: presented.issuerKeyId, serial: presented.serial };
      await this.deps.fees.count(systemId, validity.certificateType, subject, at);
    }
    return { presented, validity, personId };
  }
}
