/** The MyKey routes in the OpenAPI document (server/openapi.ts), from the schemas the routes enforce. */
import * as api from '../../src/protocol/mykey-api.ts';
import { errorResponse, operation } from '../openapi.ts';

const RP_ERRORS = { 400: 'Not a certificate, or a bad body', 401: 'No, unknown or disabled API key', 403: 'Scope missing', 429: 'Rate limit of this system reached' };
const COUNTER_ERRORS = {
  400: 'Bad body or not a certificate',
  401: 'No or bad device token',
  403: 'The card\'s signature of the challenge did not verify',
  422: 'The certificate is revoked, expired or untrusted',
};

export function myKeyPaths(): Record<string, unknown> {
  return {
    '/api/v1/admin/relying-parties': {
      post: operation('Create a relying system; its API key is shown once', {
        security: 'admin',
        body: api.createRelyingPartyRequest,
        response: api.createRelyingPartyResponse,
        status: 201,
        errors: { 400: 'Invalid body', 401: 'Bad admin token' },
      }),
      get: operation('Relying systems (never their keys)', { security: 'admin', response: api.relyingPartyListResponse, errors: { 401: 'Bad admin token' } }),
    },
    '/api/v1/admin/relying-parties/{id}/rotate-key': {
      post: operation('A new API key; the old one stops working', { security: 'admin', response: api.rotateKeyResponse, errors: { 404: 'No such active system' } }),
    },
    '/api/v1/admin/relying-parties/{id}/disable': {
      post: operation('Disable a relying system', { security: 'admin', status: 204, errors: { 404: 'No such active system' } }),
    },
    '/api/v1/admin/fees.csv': {
      get: {
        summary: 'J-LIS fee report of a month as CSV (UTF-8 with BOM): checks and billable checks per system and certificate type',
        security: [{ admin: [] }],
        parameters: [{ name: 'month', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' } }],
        responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, 400: errorResponse('month is not YYYY-MM') },
      },
    },
    '/api/v1/admin/mykey/renewals': {
      post: operation('An operator ties a renewed card to the registration of an earlier MyKey ID (audited with the operator code)', {
        security: 'admin',
        body: api.operatorRenewalRequest,
        response: api.renewalResponse,
        errors: { 404: 'No single registration with that MyKey ID', 409: 'The card belongs to another established registration', 422: 'Certificate not usable' },
      }),
    },
    '/api/v1/rp/validate': {
      post: operation('Validity of a user-authentication or signing certificate, with the PPID for this system', {
        security: 'relyingParty',
        body: api.certificateRequest,
        response: api.validateResponse,
        errors: RP_ERRORS,
      }),
    },
    '/api/v1/rp/attributes': {
      post: operation('The 4 attributes the resident consented to give this system', {
        security: 'relyingParty',
        body: api.certificateRequest,
        response: api.attributesResponse,
        errors: { ...RP_ERRORS, 403: 'Scope missing, or no consent' },
      }),
    },
    '/api/v1/rp/age-check': {
      post: operation('Whether the resident is at least N years old: yes or no only (with consent)', {
        security: 'relyingParty',
        body: api.ageCheckRequest,
        response: api.ageCheckResponse,
        errors: { ...RP_ERRORS, 403: 'Scope missing, or no consent' },
      }),
    },
    '/api/v1/rp/links': {
      post: operation('Link a service ID (library card, relief-supply card) to the card\'s person', {
        security: 'relyingParty',
        body: api.linkRequest,
        response: api.linkResponse,
        status: 201,
        errors: { ...RP_ERRORS, 409: 'Already registered', 422: 'Certificate not usable' },
      }),
    },
    '/api/v1/rp/links/lookup': {
      post: operation('The service ID linked to the card\'s person', { security: 'relyingParty', body: api.certificateRequest, response: api.linkLookupResponse, errors: RP_ERRORS }),
    },
    '/api/v1/rp/links/unlink': {
      post: operation('Remove the link of a service ID', { security: 'relyingParty', body: api.unlinkRequest, status: 204, errors: { ...RP_ERRORS, 404: 'Not linked' } }),
    },
    '/api/v1/counter/challenges': {
      post: operation('A fresh challenge for the card to sign (2 minutes, once, this device)', { security: 'device', response: api.challengeResponse, status: 201, errors: { 401: 'No or bad device token' } }),
    },
    '/api/v1/counter/relying-parties': {
      get: operation('The systems a resident may link or consent to', { security: 'device', response: api.counterRelyingPartiesResponse, errors: { 401: 'No or bad device token' } }),
    },
    '/api/v1/counter/me': {
      post: operation('Who am I: MyKey ID, certificate status, links and consents', { security: 'device', body: api.counterProofRequest, response: api.counterView, errors: COUNTER_ERRORS }),
    },
    '/api/v1/counter/attributes': {
      post: operation('Keep a keyed digest of the 4 attributes, so a renewed card can prove it is this person', {
        security: 'device',
        body: api.counterAttributesRequest,
        status: 204,
        errors: { ...COUNTER_ERRORS, 409: 'Registered with an earlier card: carry it over' },
      }),
    },
    '/api/v1/counter/links': {
      post: operation('Link a service card to the resident', { security: 'device', body: api.counterLinkRequest, response: api.counterLinksResponse, status: 201, errors: { ...COUNTER_ERRORS, 400: 'Bad body, not a certificate, or a system without the links scope', 404: 'No such system', 409: 'Already registered' } }),
    },
    '/api/v1/counter/links/unlink': {
      post: operation('Remove the resident\'s link to a system', { security: 'device', body: api.counterUnlinkRequest, response: api.counterLinksResponse, errors: { ...COUNTER_ERRORS, 404: 'Not linked' } }),
    },
    '/api/v1/counter/consents': {
      post: operation('Give consent to a system for some of the 4 attributes or age answers', {
        security: 'device',
        body: api.counterConsentRequest,
        response: api.counterConsentsResponse,
        status: 201,
        errors: { ...COUNTER_ERRORS, 404: 'No such system' },
      }),
    },
    '/api/v1/counter/consents/withdraw': {
      post: operation('Withdraw consent (the data no consent needs any more is erased)', {
        security: 'device',
        body: api.counterWithdrawRequest,
        response: api.counterConsentsResponse,
        errors: COUNTER_ERRORS,
      }),
    },
    '/api/v1/counter/renewals': {
      post: operation('Carry the registration over to a renewed card: the 4 attributes match, or J-LIS links the old serial', {
        security: 'device',
        body: api.counterRenewalRequest,
        response: api.renewalResponse,
        errors: { ...COUNTER_ERRORS, 403: 'Signature not verified, or the renewal is not proven', 409: 'The card belongs to another established registration', 503: 'No J-LIS link' },
      }),
    },
  };
}
