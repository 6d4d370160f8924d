/**
 * The resident counter (臨時窓口; DOMAIN.md §1): an enrolled device with the resident's card on
 * its reader. Every call about a resident carries their proof of key possession (the card's PIN
 * signature of a fresh server challenge), so only the card's holder sees or changes their own
 * links and consents. The counter's validity checks are billed to the system id "counter".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  counterAttributesRequest,
  counterConsentRequest,
  counterLinkRequest,
  counterProofRequest,
  counterRenewalRequest,
  counterUnlinkRequest,
  counterWithdrawRequest,
  type ConsentItem,
  type KeyPossessionProofInput,
  type RelyingPartyScope,
} from '../../src/protocol/mykey-api.ts';
import { bytesToBase64 } from '../../src/protocol/encoding.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/validate.ts';
import { attributesDigest } from '../mykey/attributes-digest.ts';
import type { CertificateChecks, CheckedCertificate } from '../mykey/certificate-checks.ts';
import { counterView, type CounterViewSources } from '../mykey/counter-view.ts';
import { COUNTER_SYSTEM_ID } from '../mykey/fees/fee-meter.ts';
import type { KeyPossession } from '../mykey/key-possession.ts';
import type { Renewals } from '../mykey/renewals.ts';
import { isUsable } from '../mykey/validity.ts';
import { deviceOf } from '../plugins/auth.ts';
import { COLUMN_OF_ITEM } from '../storage/mykey-consents-repository.ts';
import type { ChallengesRepository } from '../storage/mykey-challenges-repository.ts';
import type { RelyingPartiesRepository } from '../storage/relying-parties-repository.ts';

export interface CounterRouteDependencies extends CounterViewSources {
  challenges: ChallengesRepository;
  keyPossession: KeyPossession;
  checks: CertificateChecks;
  relyingParties: RelyingPartiesRepository;
  renewals: Renewals;
  attributesKey: Buffer;
  clock: Clock;
}

const SCOPE_OF_ITEM: Readonly<Record<ConsentItem, RelyingPartyScope>> = {
  name: 'attributes',
  address: 'attributes',
  birthDate: 'attributes',
  sex: 'attributes',
  ageCheck: 'age-check',
};

export function registerCounterRoutes(app: FastifyInstance, deps: CounterRouteDependencies): void {
  const device = { preHandler: [app.requireDevice] };

  /** The resident's proven certificate, checked now; `usable` refuses revoked and invalid ones (422). */
  async function proven(request: FastifyRequest, proof: KeyPossessionProofInput, person: 'find' | 'find-or-create', usable = true): Promise<CheckedCertificate & { mykeyId: string }> {
    const presented = await deps.keyPossession.verify(deviceOf(request).id, proof);
    const checked = await deps.checks.checkPresented(COUNTER_SYSTEM_ID, presented, { person, userAuthenticationOnly: true });
    const { mykeyId } = presented;
    if (mykeyId === undefined || (usable && !isUsable(checked.validity))) throw new ApiError('certificate_not_accepted');
    return { ...checked, mykeyId };
  }

  async function activeSystem(id: string) {
    const system = await deps.relyingParties.get(id);
    if (!system || system.disabled) throw new ApiError('not_found', 'There is no active relying system with this id.');
    return system;
  }

  const personOf = (checked: CheckedCertificate): string => {
    if (!checked.personId) throw new ApiError('internal');
    return checked.personId;
  };

  // Per device, after its token is checked: a counter asks once per action, a few a minute.
  const perDevice = { max: 120, timeWindow: '1 minute', hook: 'preHandler' as const, keyGenerator: (request: FastifyRequest) => deviceOf(request).id };
  app.post('/api/v1/counter/challenges', { ...device, config: { rateLimit: perDevice } }, async (request, reply) => {
    const issued = await deps.challenges.issue(deviceOf(request).id, deps.clock.now());
    return reply.status(201).send({ challengeId: issued.id, challenge: bytesToBase64(issued.challenge), expiresAt: issued.expiresAt });
  });

  app.get('/api/v1/counter/relying-parties', device, async () => {
    const systems = (await deps.relyingParties.list()).filter((s) => !s.disabled);
    return { relyingParties: systems.map((s) => ({ id: s.id, name: s.name, scopes: [...s.scopes] })) };
  });

  app.post('/api/v1/counter/me', device, async (request) => {
    const { proof } = parseWith(counterProofRequest, request.body);
    const checked = await proven(request, proof, 'find', false);
    return counterView(deps, checked, checked.mykeyId);
  });

  app.post('/api/v1/counter/attributes', device, async (request, reply) => {
    const body = parseWith(counterAttributesRequest, request.body);
    const checked = await proven(request, body.proof, 'find-or-create');
    const personId = personOf(checked);
    const digest = attributesDigest(deps.attributesKey, body.attributes);
    const holders = (await deps.persons.personsByAttributesDigest(digest)).filter((id) => id !== personId);
    if (holders.length > 0) {
      throw new ApiError(
        'already_registered',
        'These 4 attributes are registered with an earlier card: carry that registration over to this card instead.',
        'この基本4情報は以前のカードで登録されています。その登録をこのカードに引き継いでください。',
      );
    }
    await deps.persons.setAttributesDigest(personId, digest, deps.clock.now());
    return reply.status(204).send();
  });

  app.post('/api/v1/counter/links', device, async (request, reply) => {
    const body = parseWith(counterLinkRequest, request.body);
    const system = await activeSystem(body.relyingPartyId);
    // A link only means something to a system that looks service IDs up (its `links` scope).
    if (!system.scopes.includes('links')) throw new ApiError('bad_request', 'This system does not use service cards.');
    const personId = personOf(await proven(request, body.proof, 'find-or-create'));
    const linked = await deps.links.link(personId, system.id, body.serviceId, `device:${deviceOf(request).id}`, deps.clock.now());
    if (linked.result === 'duplicate') throw new ApiError('already_registered');
    request.auditObjectId = system.id;
    return reply.status(201).send({ links: await deps.links.forPerson(personId) });
  });

  app.post('/api/v1/counter/links/unlink', device, async (request) => {
    const body = parseWith(counterUnlinkRequest, request.body);
    const personId = (await proven(request, body.proof, 'find', false)).personId;
    request.auditObjectId = body.relyingPartyId;
    if (!personId || !(await deps.links.unlinkPerson(personId, body.relyingPartyId))) throw new ApiError('not_found', 'There is no link to this system.');
    return { links: await deps.links.forPerson(personId) };
  });

  app.post('/api/v1/counter/consents', device, async (request, reply) => {
    const body = parseWith(counterConsentRequest, request.body);
    const system = await activeSystem(body.relyingPartyId);
    for (const item of body.items) {
      if (!system.scopes.includes(SCOPE_OF_ITEM[item])) throw new ApiError('bad_request', `This system does not ask for "${item}".`);
      const column = COLUMN_OF_ITEM[item];
      const value = column === 'birth_date' ? body.attributes.birthDate : body.attributes[column];
      if (value === undefined) throw new ApiError('bad_request', `The consent to "${item}" needs attributes.${column === 'birth_date' ? 'birthDate' : column}.`);
    }
    const personId = personOf(await proven(request, body.proof, 'find-or-create'));
    await deps.consents.give(personId, system.id, body.items, body.attributes, `device:${deviceOf(request).id}`, deps.clock.now());
    request.auditObjectId = system.id;
    return reply.status(201).send({ consents: await deps.consents.forPerson(personId) });
  });

  app.post('/api/v1/counter/consents/withdraw', device, async (request) => {
    const body = parseWith(counterWithdrawRequest, request.body);
    const personId = (await proven(request, body.proof, 'find', false)).personId;
    request.auditObjectId = body.relyingPartyId;
    if (personId) await deps.consents.withdraw(personId, body.relyingPartyId, body.items, `device:${deviceOf(request).id}`, deps.clock.now());
    return { consents: personId ? await deps.consents.forPerson(personId) : [] };
  });

  app.post('/api/v1/counter/renewals', device, async (request) => {
    const body = parseWith(counterRenewalRequest, request.body);
    const checked = await proven(request, body.proof, 'find');
    const result = body.method === 'attributes' ? await deps.renewals.byAttributes(checked.presented, body.attributes) : await deps.renewals.bySerialLink(checked.presented);
    return { mykeyId: result.mykeyId, previousMyKeyIds: result.previousMyKeyIds };
  });
}
