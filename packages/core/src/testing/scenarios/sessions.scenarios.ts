import { expect } from 'vitest';
import type { TestBrowser } from '../browser.js';
import type { Scenario, ScenarioWorld } from '../scenario-world.js';

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

interface Listed {
  id: string;
  createdAt: number;
  expiresAt: number;
  device?: string;
  current: boolean;
}

async function sessionsOf(browser: TestBrowser): Promise<Listed[]> {
  const response = await browser.fetch('/sessions', { accept: 'json' });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sessions: Listed[] }).sessions;
}

/** Alice on a laptop, then on a phone a minute later; Bob on his own. */
async function twoDevices(world: ScenarioWorld) {
  const laptop = await world.signIn('alice', { sid: 'sid-laptop', userAgent: CHROME_ON_WINDOWS });
  world.clock.advance(60_000);
  const phone = await world.signIn('alice', { sid: 'sid-phone', userAgent: SAFARI_ON_IPHONE });
  const bob = await world.signIn('bob', { sid: 'sid-bob' });
  return { laptop, phone, bob };
}

const signedIn = async (browser: TestBrowser) => (await browser.fetch('/me', { accept: 'json' })).status === 200;

/**
 * The session-list scenarios: `auth.sessions()`, per-session sign-out and `signOutUser`. For
 * storage packages to run on their stores, as `describeAdapterScenarios` runs them on memory.
 *
 * @group Test suites
 */
export const sessionsScenarios: Scenario[] = [
  {
    name: "auth.sessions() lists the user's sessions, newest first, with device and the current one marked; never another user's",
    async run(world) {
      const { laptop, phone, bob } = await twoDevices(world);
      const fromLaptop = await sessionsOf(laptop.browser);
      expect(fromLaptop.map((s) => [s.device, s.current])).toEqual([
        ['Safari 17 on iOS', false],
        ['Chrome 131 on Windows', true],
      ]);
      expect(fromLaptop[0]!.createdAt - fromLaptop[1]!.createdAt).toBe(60_000);
      expect(fromLaptop[1]!.expiresAt).toBeGreaterThan(fromLaptop[1]!.createdAt);
      // The id is no session id: neither shows up in the list.
      for (const s of fromLaptop) expect([laptop.sessionId, phone.sessionId]).not.toContain(s.id);
      expect((await sessionsOf(phone.browser)).map((s) => s.current)).toEqual([true, false]);
      const fromBob = await sessionsOf(bob.browser);
      expect(fromBob).toHaveLength(1);
      expect(fromBob[0]).not.toHaveProperty('device'); // no User-Agent at sign-in
      // Anonymous: the challenge, as for every signed-in route.
      expect((await world.browser().fetch('/sessions', { accept: 'json' })).status).toBe(401);
    },
  },
  {
    name: "POST /auth/sign-out-session ends another device's session on the CSRF proof; the account's tokens stay for this one",
    async run(world) {
      const { laptop, phone } = await twoDevices(world);
      const [phoneSession] = (await sessionsOf(laptop.browser)).filter((s) => !s.current);
      const response = await laptop.browser.post('/auth/sign-out-session', {
        session: phoneSession!.id,
        csrf: laptop.csrfToken,
        returnTo: '/sessions',
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/sessions');
      expect(await signedIn(phone.browser)).toBe(false);
      expect(await world.sessions.getSession(phone.sessionId)).toBeNull();
      // Another device's session only: this browser stays signed in, and the account cached.
      expect(laptop.browser.cookies.has('iw.session.3000')).toBe(true);
      expect((await laptop.browser.fetch('/call-api', { accept: 'json' })).status).toBe(200);
      expect(await world.tokenCache.getPartition(laptop.accountKey)).not.toBeNull();
      expect((await sessionsOf(laptop.browser)).map((s) => s.current)).toEqual([true]);
    },
  },
  {
    name: "ending this browser's own last session clears its cookie and removes the account's tokens",
    async run(world) {
      const alice = await world.signIn('alice', { userAgent: CHROME_ON_WINDOWS });
      const [own] = await sessionsOf(alice.browser);
      const response = await alice.browser.post('/auth/sign-out-session', { session: own!.id, csrf: alice.csrfToken });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
      expect(alice.browser.cookies.has('iw.session.3000')).toBe(false);
      expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
      expect(await world.registry.findBySubject(world.idp.issuer, 'alice')).toEqual([]);
    },
  },
  {
    name: "refuses to end a session without the CSRF proof, from another site, or signed out; never ends another user's",
    async run(world) {
      const { laptop, phone, bob } = await twoDevices(world);
      const [phoneSession] = (await sessionsOf(laptop.browser)).filter((s) => !s.current);
      const attempts = [
        await laptop.browser.post('/auth/sign-out-session', { session: phoneSession!.id }),
        await laptop.browser.post('/auth/sign-out-session', {
          session: phoneSession!.id,
          csrf: 'x'.repeat(laptop.csrfToken.length),
        }),
        // Another user's CSRF token is no proof for this session.
        await laptop.browser.post('/auth/sign-out-session', { session: phoneSession!.id, csrf: bob.csrfToken }),
        await laptop.browser.post(
          '/auth/sign-out-session',
          { session: phoneSession!.id, csrf: laptop.csrfToken },
          { origin: 'https://evil.example' },
        ),
      ];
      expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      const anonymous = await world.browser().post('/auth/sign-out-session', { session: phoneSession!.id, csrf: '' });
      expect(anonymous.status).toBe(401);
      // Bob, with his own valid proof, names Alice's session: nothing of Alice's ends.
      const fromBob = await bob.browser.post('/auth/sign-out-session', {
        session: phoneSession!.id,
        csrf: bob.csrfToken,
      });
      expect(fromBob.status).toBe(303);
      // A session id is not a handle either.
      await laptop.browser.post('/auth/sign-out-session', { session: phone.sessionId, csrf: laptop.csrfToken });
      expect([await signedIn(laptop.browser), await signedIn(phone.browser), await signedIn(bob.browser)]).toEqual([
        true,
        true,
        true,
      ]);
      expect(await sessionsOf(laptop.browser)).toHaveLength(2);
    },
  },
];
