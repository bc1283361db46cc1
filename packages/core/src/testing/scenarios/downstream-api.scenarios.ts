import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import { bearerChallengeResponse } from '../scenario-api.js';
import { SCENARIO_API_SCOPE, type Scenario } from '../scenario-world.js';

const CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
/** A scope of the scenario API that its sign-ins do not ask for. */
const WRITE = 'api://downstream/write';
const downstream = (path: string) => `/downstream?path=${encodeURIComponent(path)}`;

export const downstreamApiScenarios: Scenario[] = [
  {
    name: 'callApi sends the user token below the API baseUrl and passes the answer through',
    async run(world) {
      const { browser } = await world.signIn('alice');
      const response = await browser.fetch(downstream('/orders/42?page=2'), { accept: 'json' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ method: 'GET', path: '/v1/orders/42?page=2' });
      const [call] = world.api.calls;
      expect(world.idp.grants.get(call?.token ?? '')).toMatchObject({ subject: 'alice', scopes: [SCENARIO_API_SCOPE] });
    },
  },
  {
    name: 'callApi retries a 401 once with a token fresh from the IdP, and only once',
    async run(world) {
      const { browser } = await world.signIn('bob');
      const rejected = new Set<string>();
      world.api.intercept = (call) =>
        call.token !== null && rejected.has(call.token)
          ? bearerChallengeResponse({ error: 'invalid_token' })
          : undefined;
      await browser.fetch(downstream('/a'), { accept: 'json' });
      rejected.add(world.api.calls[0]?.token ?? ''); // revoked at the API, still cached here
      const retried = await browser.fetch(downstream('/b'), { accept: 'json' });
      expect(retried.status).toBe(200);
      expect(world.api.calls.slice(1).map((c) => rejected.has(c.token ?? ''))).toEqual([true, false]);

      world.api.intercept = () => bearerChallengeResponse({ error: 'invalid_token' });
      const before = world.api.calls.length;
      expect((await browser.fetch(downstream('/c'), { accept: 'json' })).status).toBe(401);
      expect(world.api.calls.length - before).toBe(2);
    },
  },
  {
    name: 'callApi: a claims challenge sends the user to sign in for the claims, then the call succeeds',
    async run(world) {
      const { browser } = await world.signIn('carol');
      world.api.intercept = (call) =>
        world.idp.grants.get(call.token ?? '')?.claims === CLAIMS
          ? undefined
          : bearerChallengeResponse({ error: 'insufficient_claims', claims: btoa(CLAIMS) });
      const script = await browser.fetch(downstream('/secure'), { accept: 'json' });
      expect(script.status).toBe(401);
      expect(await script.json()).toMatchObject({ error: 'interaction_required', claims: CLAIMS });

      const challenge = await browser.fetch(downstream('/secure'));
      expect(challenge.status).toBe(302);
      const signIn = locationOf(challenge);
      expect(signIn.searchParams.get('claims')).toBe(CLAIMS);
      const authorize = await browser.fetch(`${signIn.pathname}${signIn.search}`);
      expect(locationOf(authorize).searchParams.get('claims')).toBe(CLAIMS);
      const back = await browser.fetch(
        `/auth/callback?${world.idp.login(locationOf(authorize), 'carol', 'sid-carol')}`,
      );
      expect(back.headers.get('location')).toBe(downstream('/secure'));
      const done = await browser.fetch(back.headers.get('location')!, { accept: 'json' });
      expect(done.status).toBe(200);
      expect(await done.json()).toMatchObject({ path: '/v1/secure' });
    },
  },
  {
    name: 'callApi: a step-up challenge (RFC 9470) sends the user to sign in with its acr_values and max_age',
    async run(world) {
      const { browser } = await world.signIn('erin');
      world.api.intercept = () =>
        bearerChallengeResponse({ error: 'insufficient_user_authentication', acr_values: 'urn:mfa', max_age: '0' });
      const script = await browser.fetch(downstream('/payments'), { accept: 'json' });
      expect(script.status).toBe(401);
      expect(await script.json()).toMatchObject({ error: 'interaction_required', acrValues: ['urn:mfa'], maxAge: 0 });
      const challenge = await browser.fetch(downstream('/payments'));
      expect(challenge.status).toBe(302);
      const signIn = locationOf(challenge);
      expect([signIn.searchParams.get('acr_values'), signIn.searchParams.get('max_age')]).toEqual(['urn:mfa', '0']);
      const authorize = locationOf(await browser.fetch(`${signIn.pathname}${signIn.search}`));
      expect([authorize.searchParams.get('acr_values'), authorize.searchParams.get('max_age')]).toEqual([
        'urn:mfa',
        '0',
      ]);
      // The provider did not step the user up (the API still refuses): no second round, a loop said as such.
      const back = await browser.fetch(`/auth/callback?${world.idp.login(authorize, 'erin', 'sid-erin')}`);
      expect(back.headers.get('location')).toBe(downstream('/payments'));
      const again = await browser.fetch(downstream('/payments'), { accept: 'json' });
      expect(again.status).toBe(403);
      expect(await again.json()).toMatchObject({ error: 'sign_in_loop' });
    },
  },
  {
    name: 'callApi: an insufficient_scope challenge asks for consent to the scope',
    async run(world) {
      const { browser } = await world.signIn('dan');
      world.api.intercept = () => bearerChallengeResponse({ error: 'insufficient_scope', scope: WRITE }, 403);
      const script = await browser.fetch(downstream('/write'), { accept: 'json' });
      expect(script.status).toBe(401);
      expect(((await script.json()) as { scopes: string[] }).scopes).toEqual([SCENARIO_API_SCOPE, WRITE]);
    },
  },
  {
    name: 'callApi never answers an insufficient_scope challenge silently with a scope the sign-in was not granted, even one the provider would grant',
    async run(world) {
      const { browser } = await world.signIn('fay');
      // Consented at the provider some other time: a silent request would get it.
      world.idp.grant('fay', [WRITE]);
      world.api.intercept = (call) =>
        world.idp.grants.get(call.token ?? '')?.scopes.includes(WRITE)
          ? undefined
          : bearerChallengeResponse({ error: 'insufficient_scope', scope: WRITE }, 403);
      const script = await browser.fetch(downstream('/write'), { accept: 'json' });
      expect(script.status).toBe(401);
      expect(await script.json()).toMatchObject({ error: 'interaction_required', scopes: [SCENARIO_API_SCOPE, WRITE] });
      expect(world.api.calls.map((call) => world.idp.grants.get(call.token ?? '')?.scopes.includes(WRITE))).toEqual([
        false,
      ]);
    },
  },
  {
    name: 'callApi refuses a path that leaves the API baseUrl, and sends nothing',
    async run(world) {
      const { browser } = await world.signIn('eve');
      for (const path of [
        'https://evil.test/x',
        '//evil.test/x',
        '/../admin',
        '%2e%2e/admin',
        '\\\\evil.test/x',
        'a/../../b',
      ]) {
        const response = await browser.fetch(downstream(path), { accept: 'json' });
        expect(response.status, path).toBe(500);
        expect(await response.text(), path).not.toContain('at.eve');
      }
      expect(world.api.calls).toEqual([]);
    },
  },
];
