/**
 * Relying systems call with `Authorization: Bearer <apiKey>`. Each route names the scope it
 * needs; each system has its own rate limit (requests per minute, counted per system across all
 * its routes, after the key is known, in this process's memory).
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { RelyingPartyScope } from '../../src/protocol/mykey-api.ts';
import { ApiError } from '../errors.ts';
import type { RelyingPartiesRepository, RelyingPartyRecord } from '../storage/relying-parties-repository.ts';
import { bearerToken } from './auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    relyingParty: RelyingPartyRecord | undefined;
  }
}

/** The system of an authenticated request. */
export function relyingPartyOf(request: FastifyRequest): RelyingPartyRecord {
  if (!request.relyingParty) throw new ApiError('unauthorized');
  return request.relyingParty;
}

export interface RelyingPartyGuards {
  /** preHandler list for a route of `scope`: key, scope, rate limit. */
  forScope(scope: RelyingPartyScope): { preHandler: preHandlerAsyncHookHandler[] };
}

export function registerRelyingPartyAuth(app: FastifyInstance, relyingParties: RelyingPartiesRepository): RelyingPartyGuards {
  app.decorateRequest('relyingParty', undefined);

  const authenticate: preHandlerAsyncHookHandler = async (request) => {
    const key = bearerToken(request);
    const system = key ? await relyingParties.findByApiKey(key) : undefined;
    if (!system || system.disabled) throw new ApiError('unauthorized');
    request.relyingParty = system;
    request.auditActor = `rp:${system.id}`;
  };

  const limit = app.rateLimit({
    keyGenerator: (request) => `rp:${relyingPartyOf(request).id}`,
    max: (request) => relyingPartyOf(request).rateLimitPerMinute,
    timeWindow: 60_000,
  });

  return {
    forScope(scope) {
      const allowed: preHandlerAsyncHookHandler = async (request) => {
        if (!relyingPartyOf(request).scopes.includes(scope)) throw new ApiError('forbidden', `This system's key does not have the "${scope}" scope.`);
      };
      return { preHandler: [authenticate, limit, allowed] };
    },
  };
}
