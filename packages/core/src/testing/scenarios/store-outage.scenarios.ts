import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import type { Scenario, ScenarioWorld } from '../scenario-world.js';

/** How soon after a store fails each answer must be there: an outage is answered, not waited out. */
export const OUTAGE_ANSWER_MS = 500;

/**
 * A request that met the store down got the outage answer: 503 with `Retry-After`, HTML to a
 * navigation and JSON `store_unavailable` to anything else, within {@link OUTAGE_ANSWER_MS} of
 * the store failing, and nothing of the store's message (a 5xx message stays in the log).
 */
async function expectOutage(world: ScenarioWorld, answer: Promise<Response>, kind: 'html' | 'json'): Promise<void> {
  const response = await answer;
  const elapsed = performance.now() - world.outage.since!;
  const body = await response.text();
  expect({ status: response.status, retryAfter: response.headers.get('retry-after') }).toEqual({
    status: 503,
    retryAfter: '5',
  });
  expect(elapsed).toBeLessThan(OUTAGE_ANSWER_MS);
  expect(body).not.toContain('the store is down');
  if (kind === 'json') {
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(body)).toMatchObject({ error: 'store_unavailable' });
  } else {
    expect(response.headers.get('content-type')).toContain('text/html');
  }
}

/** What a browser sends for a top-level navigation, and what a page's script sends with `fetch()`. */
const NAVIGATE = { headers: { accept: 'text/html,*/*;q=0.8', 'sec-fetch-mode': 'navigate' } };
const SCRIPT = { headers: { accept: '*/*', 'sec-fetch-mode': 'cors' } };

// One scenario per point where a request touches a store; each takes the store down (the
// instance's way to it, through `world.outage`) right before the request that needs it.
export const storeOutageScenarios: Scenario[] = [
  {
    name: 'store outage: the session read in the middleware, with nothing in memory, answers 503 with Retry-After',
    // No session memo: every request reads its session from the store, as on an instance that
    // restarted since the user signed in.
    options: { session: { memo: false } },
    async run(world) {
      const alice = await world.signIn('alice');
      world.outage.fail('sessionStore');
      await expectOutage(world, alice.browser.fetch('/me', NAVIGATE), 'html');
      await expectOutage(world, alice.browser.fetch('/me', { accept: 'json' }), 'json');
      await expectOutage(world, alice.browser.fetch('/public', SCRIPT), 'json');
      world.outage.restore();
      expect((await alice.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: "store outage: the token read of the app's acquireToken answers 503 with Retry-After",
    async run(world) {
      const bob = await world.signIn('bob');
      world.clock.advance(2 * 3600_000); // the cached token expired: the partition must be read
      world.outage.fail('tokenCacheStore');
      await expectOutage(world, bob.browser.fetch('/call-api', NAVIGATE), 'html');
      await expectOutage(world, bob.browser.fetch('/call-api', { accept: 'json' }), 'json');
      world.outage.restore();
      expect((await bob.browser.fetch('/call-api', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: 'store outage: the refresh lease of a token refresh answers 503 with Retry-After',
    async run(world) {
      const carol = await world.signIn('carol');
      world.clock.advance(2 * 3600_000); // the token must be refreshed, under the account's lease
      world.outage.fail('refreshLease');
      await expectOutage(world, carol.browser.fetch('/call-api', { accept: 'json' }), 'json');
      await expectOutage(world, carol.browser.fetch('/call-api', NAVIGATE), 'html');
      expect(world.idp.calls.refresh).toBe(0); // no refresh token was spent without the lease
      world.outage.restore();
      expect((await carol.browser.fetch('/call-api', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: "store outage: the callback's session write answers 503 with Retry-After, and a new sign-in works after",
    async run(world) {
      const browser = world.browser();
      const start = await browser.fetch('/auth/sign-in?returnTo=%2Fme');
      const params = world.idp.login(locationOf(start), 'dave', 'sid-dave');
      world.outage.fail('sessionStore');
      await expectOutage(world, browser.fetch(`/auth/callback?${params}`, NAVIGATE), 'html');
      world.outage.restore();
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(401);
      const again = await browser.fetch('/auth/sign-in?returnTo=%2Fme');
      const back = await browser.fetch(`/auth/callback?${world.idp.login(locationOf(again), 'dave', 'sid-dave')}`);
      expect(back.status).toBe(302);
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: 'store outage: sign-out answers 503 with Retry-After, a page to the form and JSON to a script',
    async run(world) {
      const erin = await world.signIn('erin');
      world.outage.fail();
      const form = { csrf: erin.csrfToken };
      await expectOutage(world, erin.browser.post('/auth/sign-out', form, NAVIGATE.headers), 'html');
      const script = { ...SCRIPT.headers, 'x-csrf-token': erin.csrfToken };
      await expectOutage(world, erin.browser.post('/auth/sign-out', {}, script), 'json');
      world.outage.restore();
      expect((await erin.browser.post('/auth/sign-out', form)).status).toBe(303);
      expect(await world.tokenCache.getPartition(erin.accountKey)).toBeNull();
    },
  },
  {
    name: 'store outage: back-channel logout answers 503 JSON with Retry-After, and the same token works after',
    async run(world) {
      const frank = await world.signIn('frank', { sid: 's-frank' });
      const token = await world.idp.logoutToken({ sid: 's-frank', sub: 'frank' });
      world.outage.fail('accountRegistry'); // the token checks out; finding its sessions fails
      await expectOutage(world, world.browser().post('/auth/back-channel-logout', { logout_token: token }), 'json');
      world.outage.restore();
      // The token's jti counts as used only once the removal succeeded: the provider's retry works.
      const retry = await world.browser().post('/auth/back-channel-logout', { logout_token: token });
      expect(retry.status).toBe(200);
      expect(await world.sessions.getSession(frank.sessionId)).toBeNull();
      expect(await world.tokenCache.getPartition(frank.accountKey)).toBeNull();
    },
  },
];
