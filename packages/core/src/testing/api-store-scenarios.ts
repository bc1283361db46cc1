// What a protected API keeps in its stores, run on each store package: two instances of the API on
// one store set, so that what one instance learned (a DPoP proof used, a session ended, a token
// obtained on a user's behalf) holds at the other.
import type { HttpRequest } from '@identity-web/core/adapter';
import type { IdentityWebApi } from '@identity-web/core/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentityWebApi } from '../api/create-identity-web-api.js';
import { exchangingProvider } from './api-exchange.js';
import { API_AUDIENCE, API_ISSUER, ApiTokenIssuer, type ProofKey, proofKey } from './api-token-issuer.js';
import type { StoreSetFactory } from './contracts/store-set.contract.js';

const BASE_URL = 'https://api.test';

function request(method: string, headers: Record<string, string>, body = ''): HttpRequest {
  return {
    method,
    url: new URL(`${BASE_URL}/orders`),
    header: (name: string) => headers[name.toLowerCase()],
    readText: async () => body,
  } as unknown as HttpRequest;
}

/**
 * Runs the API-tier scenarios on a store package's set: two API instances sharing the set's
 * `tokenCacheStore`, `accountRegistry` and `replayCache`, each with its own process memory.
 *
 * @group Scenarios
 */
export function describeApiStoreScenarios(name: string, factory: StoreSetFactory): void {
  describe(`two instances of a protected API on ${name}`, () => {
    let issuer: ApiTokenIssuer;
    let key: ProofKey;
    beforeAll(async () => {
      issuer = await ApiTokenIssuer.create(() => Date.now());
      key = await proofKey();
    });

    async function instances() {
      const fixture = await factory();
      const { tokenCacheStore, accountRegistry, replayCache } = fixture.stores;
      const idp = exchangingProvider(issuer);
      const make = (): IdentityWebApi =>
        createIdentityWebApi({
          identityProvider: idp.provider,
          audience: API_AUDIENCE,
          baseUrl: BASE_URL,
          secret: 'the-scenario-api-secret-0123456789abcdef',
          stores: {
            ...(tokenCacheStore && { tokenCacheStore }),
            ...(accountRegistry && { accountRegistry }),
            ...(replayCache && { replayCache }),
          },
        });
      return { one: make(), two: make(), idp, close: () => fixture.close?.() ?? Promise.resolve() };
    }

    const status = async (api: IdentityWebApi, headers: Record<string, string>) => {
      const verdict = await api.guard()(request('GET', headers));
      return verdict.caller === null ? verdict.answer.status : 200;
    };
    const logout = async (api: IdentityWebApi, claims: Record<string, unknown>) => {
      const form = new URLSearchParams({ logout_token: await issuer.logoutToken(claims) }).toString();
      return api.backChannelLogout(request('POST', { 'content-type': 'application/x-www-form-urlencoded' }, form));
    };

    it('refuses at one instance a DPoP proof the other accepted (RFC 9449 §11.1)', async () => {
      const { one, two, close } = await instances();
      try {
        const token = await issuer.token({ cnf: { jkt: key.jkt } });
        const headers = { authorization: `DPoP ${token}`, dpop: await issuer.proof(key, token, `${BASE_URL}/orders`) };
        expect(await status(one, headers)).toBe(200);
        expect(await status(two, headers)).toBe(401);
      } finally {
        await close();
      }
    });

    it('refuses at both instances the tokens of a session a logout at one ended', async () => {
      const { one, two, close } = await instances();
      try {
        const sid = `s-${crypto.randomUUID()}`;
        const ended = { authorization: `Bearer ${await issuer.token({ sid })}` };
        const other = { authorization: `Bearer ${await issuer.token({ sid: `s-${crypto.randomUUID()}` })}` };
        expect(await status(two, ended)).toBe(200);
        expect((await logout(one, { sid })).status).toBe(200);
        expect([await status(one, ended), await status(two, ended)]).toEqual([401, 401]);
        expect(await status(two, other)).toBe(200);
      } finally {
        await close();
      }
    });

    it('serves at one instance the token the other had on the user’s behalf; a logout at either removes it', async () => {
      const { one, two, idp, close } = await instances();
      try {
        const subject = `user-${crypto.randomUUID()}`;
        const token = await issuer.token({ sub: subject, sid: `s-${crypto.randomUUID()}` });
        const verdict = await one.guard()(request('GET', { authorization: `Bearer ${token}` }));
        if (verdict.caller === null) throw new Error(`refused: ${verdict.answer.body}`);
        const first = await one.acquireTokenOnBehalfOf(verdict.caller, { scopes: ['api://billing/read'] });
        const atTwo = await two.acquireTokenOnBehalfOf(verdict.caller, { scopes: ['api://billing/read'] });
        expect(atTwo.accessToken).toBe(first.accessToken);
        expect(idp.grants).toHaveLength(1);
        expect((await logout(two, { sub: subject, iss: API_ISSUER })).status).toBe(200);
        const after = await one.acquireTokenOnBehalfOf(verdict.caller, { scopes: ['api://billing/read'] });
        expect(after.accessToken).not.toBe(first.accessToken);
        expect(idp.grants).toHaveLength(2);
      } finally {
        await close();
      }
    });
  });
}
