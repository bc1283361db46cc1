import { expect } from 'vitest';
import type { TestBrowser } from '../browser.js';
import { locationOf } from '../browser.js';
import { SCENARIO_API_SCOPE, type Scenario, type ScenarioWorld } from '../scenario-world.js';

// Two providers in one app (`identityProviders: { work, partner }`), both keying accounts by `sub`
// alone and both knowing a user `alice` with the same IdP session id: only the core keeps them apart.

const BACK_CHANNEL = '/auth/back-channel-logout';

interface Me {
  key: string;
  issuer: string;
  provider?: string;
  subject: string;
}

async function me(browser: TestBrowser): Promise<Me | null> {
  const response = await browser.fetch('/me', { accept: 'json' });
  return response.status === 200 ? ((await response.json()) as { user: Me }).user : null;
}

async function token(browser: TestBrowser): Promise<string> {
  const response = await browser.fetch('/call-api', { accept: 'json' });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Alice signed in at both providers with the same `sub` and `sid`, each with a token. */
async function aliceAtBoth(world: ScenarioWorld) {
  world.idp.grant('alice', [SCENARIO_API_SCOPE]);
  world.partner.grant('alice', [SCENARIO_API_SCOPE]);
  const work = await world.signIn('alice', { sid: 'same-sid', provider: 'work' });
  const partner = await world.signIn('alice', { sid: 'same-sid', provider: 'partner' });
  await token(work.browser);
  await token(partner.browser);
  return { work, partner };
}

const live = async (world: ScenarioWorld, signedIn: { sessionId: string; accountKey: string }) =>
  (await world.sessions.getSession(signedIn.sessionId)) !== null &&
  (await world.tokenCache.getPartition(signedIn.accountKey)) !== null;

/**
 * The several-providers scenarios (each with `providers: 'two'`): a chooser page, accounts kept
 * apart per provider whatever their `sub`, logouts that end only their provider's sessions. For
 * storage packages to run on their stores, as `describeAdapterScenarios` runs them on memory.
 *
 * @group Test suites
 */
export const providerScenarios: Scenario[] = [
  {
    name: 'several providers: a sign-in without provider shows a page with one link per provider, the request kept',
    providers: 'two',
    async run(world) {
      const browser = world.browser();
      const page = await browser.fetch('/auth/sign-in?returnTo=%2Fme');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
      expect(links).toEqual([
        '/auth/sign-in?returnTo=%2Fme&provider=work',
        '/auth/sign-in?returnTo=%2Fme&provider=partner',
      ]);
      expect(browser.cookies.size).toBe(0); // nothing started yet
      const started = await browser.fetch(links[1]!);
      expect(started.status).toBe(302);
      expect(locationOf(started).origin).toBe('https://partner.test');
      const unknown = await world.browser().fetch('/auth/sign-in?provider=nobody');
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain('names no configured identity provider');
    },
  },
  {
    name: 'several providers: the same sub at both is two accounts, and one account never gets the other one’s tokens',
    providers: 'two',
    async run(world) {
      const { work, partner } = await aliceAtBoth(world);
      const atWork = (await me(work.browser))!;
      const atPartner = (await me(partner.browser))!;
      expect(atWork).toMatchObject({ provider: 'work', issuer: world.idp.issuer, subject: 'alice' });
      expect(atPartner).toMatchObject({ provider: 'partner', issuer: world.partner.issuer, subject: 'alice' });
      expect(atWork.key).not.toBe(atPartner.key);
      const workToken = await token(work.browser);
      const partnerToken = await token(partner.browser);
      expect(world.idp.grants.has(workToken)).toBe(true);
      expect(world.partner.grants.has(partnerToken)).toBe(true);
      expect(world.idp.grants.has(partnerToken)).toBe(false);
      // Signing out of one leaves the other, its session and its tokens.
      const signOut = await partner.browser.post('/auth/sign-out', { csrf: partner.csrfToken });
      expect(signOut.status).toBe(303);
      expect(locationOf(signOut).origin).toBe('https://partner.test');
      expect(await live(world, partner)).toBe(false);
      expect(await live(world, work)).toBe(true);
      expect(await token(work.browser)).toBe(workToken);
    },
  },
  {
    name: 'several providers: a logout token of one provider never ends a session of the other, whatever sub and sid it names',
    providers: 'two',
    async run(world) {
      const { work, partner } = await aliceAtBoth(world);
      // The partner's key, the work provider's issuer: verified by the work provider, refused.
      const forged = await world.partner.logoutToken({ iss: world.idp.issuer, sub: 'alice', sid: 'same-sid' });
      expect((await world.browser().post(BACK_CHANNEL, { logout_token: forged })).status).toBe(400);
      expect(await live(world, work)).toBe(true);
      expect(await live(world, partner)).toBe(true);
      const fromPartner = await world.partner.logoutToken({ sub: 'alice', sid: 'same-sid' });
      expect((await world.browser().post(BACK_CHANNEL, { logout_token: fromPartner })).status).toBe(200);
      expect(await live(world, partner)).toBe(false);
      expect(await live(world, work)).toBe(true);
      const bySubject = await world.idp.logoutToken({ sub: 'alice' });
      expect((await world.browser().post(BACK_CHANNEL, { logout_token: bySubject })).status).toBe(200);
      expect(await live(world, work)).toBe(false);
    },
  },
  {
    name: 'several providers: a front-channel logout names its provider by iss or provider, and ends only that one’s session',
    providers: 'two',
    async run(world) {
      const { work, partner } = await aliceAtBoth(world);
      const frontChannel = (query: Record<string, string>) =>
        world.browser().fetch(`/auth/front-channel-logout?${new URLSearchParams(query)}`);
      // Ambiguous or contradictory: nothing ends (and the answer is the same page).
      const ambiguous: Record<string, string>[] = [
        { sid: 'same-sid' },
        { sid: 'same-sid', provider: 'nobody' },
        { sid: 'same-sid', iss: world.partner.issuer, provider: 'work' },
      ];
      for (const query of ambiguous) {
        const response = await frontChannel(query);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-security-policy')).toBe(
          "frame-ancestors 'self' https://idp.test https://partner.test",
        );
      }
      expect(await live(world, work)).toBe(true);
      expect(await live(world, partner)).toBe(true);
      await frontChannel({ sid: 'same-sid', provider: 'partner' });
      expect(await live(world, partner)).toBe(false);
      expect(await live(world, work)).toBe(true);
      await frontChannel({ sid: 'same-sid', iss: world.idp.issuer });
      expect(await live(world, work)).toBe(false);
    },
  },
  {
    name: 'several providers: the cookie fallback of front-channel logout ends a session only of the provider the request names',
    providers: 'two',
    options: { frontChannelLogout: { cookieFallback: true } },
    async run(world) {
      const { work, partner } = await aliceAtBoth(world);
      // The IdP's iframe carries the browser's cookie but names no session.
      const bare = await partner.browser.fetch('/auth/front-channel-logout');
      expect(bare.status).toBe(200);
      await partner.browser.fetch('/auth/front-channel-logout?provider=work');
      expect(await live(world, partner)).toBe(true);
      await partner.browser.fetch('/auth/front-channel-logout?provider=partner');
      expect(await live(world, partner)).toBe(false);
      expect(await live(world, work)).toBe(true);
    },
  },
  {
    name: 'several providers: each has its own callback; a response at another one’s, or at the bare one, is not taken',
    providers: 'two',
    async run(world) {
      const browser = world.browser();
      const start = await browser.fetch('/auth/sign-in?provider=work&returnTo=%2Fme');
      const authorize = locationOf(start);
      expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/callback/work');
      const params = world.idp.login(authorize, 'alice', 's1');
      params.delete('iss'); // as from a provider that sends none
      const wrong = await browser.fetch(`/auth/callback/partner?${params}`);
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain('the callback of another identity provider');
      // Not an auth route with several providers: the app's own routing answers it (a 404, or the
      // sign-in challenge of an app that guards every other path), never a sign-in.
      const bare = await world.browser().fetch(`/auth/callback?${params}`);
      if (bare.status !== 404) expect(locationOf(bare).pathname).toBe('/auth/sign-in');
      expect(world.idp.calls.redeem + world.partner.calls.redeem).toBe(0);
    },
  },
  {
    name: 'several providers: a user is named by issuer and subject, so signOutUser and sessionsOf reach one provider’s sessions',
    providers: 'two',
    async run(world) {
      const { work, partner } = await aliceAtBoth(world);
      const atPartner = { issuer: world.partner.issuer, subject: 'alice' };
      expect(await world.identity.sessionsOf(atPartner)).toHaveLength(1);
      expect(await world.identity.signOutUser(atPartner)).toBe(1);
      expect(await live(world, partner)).toBe(false);
      expect(await live(world, work)).toBe(true);
      await expect(world.identity.signOutUser({ issuer: 'https://other.test', subject: 'alice' })).rejects.toThrow(
        'must be the issuer of a configured provider: https://idp.test, https://partner.test',
      );
    },
  },
  {
    name: 'several providers: a consent challenge signs in again at the provider of the session, with no page between',
    providers: 'two',
    async run(world) {
      world.partner.grant('alice', [SCENARIO_API_SCOPE]);
      const partner = await world.signIn('alice', { provider: 'partner' });
      const challenge = await partner.browser.fetch('/call-api?scope=api%3A%2F%2Fdownstream%2Fwrite');
      expect(challenge.status).toBe(302);
      const again = await partner.browser.fetch(locationOf(challenge).pathname + locationOf(challenge).search);
      expect(again.status).toBe(302);
      expect(locationOf(again).origin).toBe('https://partner.test');
      expect(locationOf(again).searchParams.get('scope')).toContain('api://downstream/write');
    },
  },
];
