/** What the resident counter shows a resident about themselves: MyKey ID, certificate, links, consents. */
import type { CounterView } from '../../src/protocol/mykey-api.ts';
import type { ConsentsRepository } from '../storage/mykey-consents-repository.ts';
import type { LinksRepository } from '../storage/mykey-links-repository.ts';
import type { PersonsRepository } from '../storage/mykey-persons-repository.ts';
import type { CheckedCertificate } from './certificate-checks.ts';

export interface CounterViewSources {
  persons: PersonsRepository;
  links: LinksRepository;
  consents: ConsentsRepository;
}

export async function counterView(sources: CounterViewSources, checked: CheckedCertificate, mykeyId: string): Promise<CounterView> {
  const { presented, validity, personId } = checked;
  const certificate = {
    status: validity.status,
    ...(validity.reason !== undefined ? { reason: validity.reason } : {}),
    ...(validity.meaning !== undefined ? { meaning: validity.meaning } : {}),
    notAfter: presented.certificate.notAfter.toISOString(),
  };
  if (!personId) {
    return { mykeyId, certificate, known: false, canCarryOver: true, attributesRegistered: false, earlierMyKeyIds: [], links: [], consents: [] };
  }
  const [fresh, digest, certificates, links, consents] = await Promise.all([
    sources.persons.isFresh(personId),
    sources.persons.attributesDigest(personId),
    sources.persons.certificates(personId),
    sources.links.forPerson(personId),
    sources.consents.forPerson(personId),
  ]);
  return {
    mykeyId,
    certificate,
    known: true,
    canCarryOver: fresh,
    attributesRegistered: digest !== undefined,
    earlierMyKeyIds: certificates.filter((c) => c.hash !== presented.hash).map((c) => c.mykeyId),
    links,
    consents,
  };
}
