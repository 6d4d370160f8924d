/**
 * The API of relying systems (municipal systems; DOMAIN.md §2, integration type ②): validity
 * and PPID, the 4 attributes and yes/no age answers where the resident consented at the
 * counter, and service-ID links. Audited by system and route only: the audit log never names
 * the person a call was about.
 */
import type { FastifyInstance } from 'fastify';
import {
  ageCheckRequest,
  certificateRequest,
  linkRequest,
  unlinkRequest,
  type ConsentItem,
  type ValidateResponse,
} from '../../src/protocol/mykey-api.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/validate.ts';
import { isAtLeast } from '../mykey/age.ts';
import type { CertificateChecks } from '../mykey/certificate-checks.ts';
import { ppidOf } from '../mykey/ppid.ts';
import { isUsable, type ValidityAnswer } from '../mykey/validity.ts';
import { relyingPartyOf, type RelyingPartyGuards } from '../plugins/relying-party-auth.ts';
import type { ConsentsRepository } from '../storage/mykey-consents-repository.ts';
import type { LinksRepository } from '../storage/mykey-links-repository.ts';

export interface RelyingPartyRouteDependencies {
  guards: RelyingPartyGuards;
  checks: CertificateChecks;
  links: LinksRepository;
  consents: ConsentsRepository;
  clock: Clock;
}

const ATTRIBUTE_ITEMS: readonly ConsentItem[] = ['name', 'address', 'birthDate', 'sex'];

function verdict(validity: ValidityAnswer): Pick<ValidateResponse, 'status' | 'reason' | 'meaning'> {
  return {
    status: validity.status,
    ...(validity.reason !== undefined ? { reason: validity.reason } : {}),
    ...(validity.meaning !== undefined ? { meaning: validity.meaning } : {}),
  };
}

export function registerRelyingPartyRoutes(app: FastifyInstance, deps: RelyingPartyRouteDependencies): void {
  const { guards, checks } = deps;
  const ppid = (secret: string, personId: string | undefined) => (personId ? { ppid: ppidOf(secret, personId) } : {});

  app.post('/api/v1/rp/validate', guards.forScope('validate'), async (request): Promise<ValidateResponse> => {
    const system = relyingPartyOf(request);
    const { certificate } = parseWith(certificateRequest, request.body);
    const { validity, personId } = await checks.check(system.id, certificate, { person: 'find-or-create' });
    return {
      ...verdict(validity),
      ...(validity.certificateType ? { certificateType: validity.certificateType } : {}),
      ...(validity.revokedAt !== undefined ? { revokedAt: validity.revokedAt } : {}),
      ...(validity.certificateType === 'digital-signature' ? { attributesChanged: validity.attributesChanged } : {}),
      ...ppid(system.ppidSecret, personId),
    };
  });

  app.post('/api/v1/rp/attributes', guards.forScope('attributes'), async (request) => {
    const system = relyingPartyOf(request);
    const { certificate } = parseWith(certificateRequest, request.body);
    const { validity, personId } = await checks.check(system.id, certificate, { person: 'find', userAuthenticationOnly: true });
    if (!isUsable(validity)) return { ...verdict(validity), ...ppid(system.ppidSecret, personId) };
    const consented = personId ? (await deps.consents.activeItems(personId, system.id)).filter((item) => ATTRIBUTE_ITEMS.includes(item)) : [];
    if (!personId || consented.length === 0) throw new ApiError('consent_required');
    const stored = await deps.consents.attributes(personId);
    const attributes = Object.fromEntries(consented.flatMap((item) => (item === 'ageCheck' || stored[item] === undefined ? [] : [[item, stored[item]]])));
    return { ...verdict(validity), ...ppid(system.ppidSecret, personId), attributes };
  });

  app.post('/api/v1/rp/age-check', guards.forScope('age-check'), async (request) => {
    const system = relyingPartyOf(request);
    const { certificate, atLeast } = parseWith(ageCheckRequest, request.body);
    const { validity, personId } = await checks.check(system.id, certificate, { person: 'find', userAuthenticationOnly: true });
    if (!isUsable(validity)) return { ...verdict(validity), ...ppid(system.ppidSecret, personId), atLeast };
    const consented = personId ? await deps.consents.activeItems(personId, system.id) : [];
    const birthDate = personId && consented.includes('ageCheck') ? (await deps.consents.attributes(personId)).birthDate : undefined;
    if (!personId || birthDate === undefined) throw new ApiError('consent_required');
    const answer = isAtLeast(birthDate, atLeast, deps.clock.now()) ? 'yes' : 'no';
    return { ...verdict(validity), ...ppid(system.ppidSecret, personId), atLeast, answer };
  });

  app.post('/api/v1/rp/links', guards.forScope('links'), async (request, reply) => {
    const system = relyingPartyOf(request);
    const { certificate, serviceId } = parseWith(linkRequest, request.body);
    const { validity, personId } = await checks.check(system.id, certificate, { person: 'find-or-create', userAuthenticationOnly: true });
    if (!isUsable(validity) || !personId) throw new ApiError('certificate_not_accepted');
    const linked = await deps.links.link(personId, system.id, serviceId, `rp:${system.id}`, deps.clock.now());
    if (linked.result === 'duplicate') throw new ApiError('already_registered');
    return reply.status(201).send({ ppid: ppidOf(system.ppidSecret, personId), serviceId, linkedAt: linked.linkedAt });
  });

  app.post('/api/v1/rp/links/lookup', guards.forScope('links'), async (request) => {
    const system = relyingPartyOf(request);
    const { certificate } = parseWith(certificateRequest, request.body);
    const { validity, personId } = await checks.check(system.id, certificate, { person: 'find', userAuthenticationOnly: true });
    const serviceId = personId ? ((await deps.links.serviceIdOf(personId, system.id)) ?? null) : null;
    return { ...verdict(validity), ...ppid(system.ppidSecret, personId), serviceId };
  });

  app.post('/api/v1/rp/links/unlink', guards.forScope('links'), async (request, reply) => {
    const system = relyingPartyOf(request);
    const { serviceId } = parseWith(unlinkRequest, request.body);
    if (!(await deps.links.unlinkServiceId(system.id, serviceId))) throw new ApiError('not_found', 'This service ID is not linked.');
    return reply.status(204).send();
  });
}
