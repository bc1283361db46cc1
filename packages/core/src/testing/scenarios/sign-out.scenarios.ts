import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import type { Scenario } from '../scenario-world.js';

export const signOutScenarios: Scenario[] = [
  {
    name: 'RP-initiated sign-out removes the account from the token cache, ends the session, 303 to the IdP',
    async run(world) {
      const alice = await world.signIn('alice');
      expect((await alice.browser.fetch('/call-api', { accept: 'json' })).status).toBe(200);
      const response = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken, returnTo: '/bye' });
      expect(response.status).toBe(303);
      const target = locationOf(response);
      expect(`${target.origin}${target.pathname}`).toBe(`${world.idp.issuer}/logout`);
      expect(target.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:3000/auth/signed-out');
      expect(target.searchParams.get('id_token_hint')).toBe('id-token-of-alice');
      expect(target.searchParams.get('logout_hint')).toBe('hint-alice');
      expect(target.searchParams.get('state')).toBeTruthy();
      expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
      expect(alice.browser.cookies.has('iw.session.3000')).toBe(false);
      // The IdP sends the browser back with the state: the verified returnTo applies.
      const back = await alice.browser.fetch(`/auth/signed-out?state=${target.searchParams.get('state')}`);
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe('/bye');
      expect((await alice.browser.fetch('/call-api', { accept: 'json' })).status).toBe(401);
    },
  },
  {
    name: 'ignores returnTo on /signed-out when the state does not match this browser',
    async run(world) {
      const alice = await world.signIn('alice');
      await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken, returnTo: '/bye' });
      const wrong = await alice.browser.fetch('/auth/signed-out?state=forged');
      expect(wrong.status).toBe(200);
      expect(wrong.headers.get('location')).toBeNull();
      const none = await world.browser().fetch('/auth/signed-out');
      expect(none.status).toBe(200);
    },
  },
  {
    name: 'rejects a sign-out POST without the CSRF proof and changes nothing',
    async run(world) {
      const alice = await world.signIn('alice');
      await alice.browser.fetch('/call-api', { accept: 'json' });
      const noToken = await alice.browser.post('/auth/sign-out', {});
      expect(noToken.status).toBe(403);
      const wrongToken = await alice.browser.post('/auth/sign-out', { csrf: 'x'.repeat(alice.csrfToken.length) });
      expect(wrongToken.status).toBe(403);
      const crossSite = await alice.browser.post(
        '/auth/sign-out',
        { csrf: alice.csrfToken },
        { origin: 'https://evil.example' },
      );
      expect(crossSite.status).toBe(403);
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).not.toBeNull();
      expect((await alice.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: 'answers GET on the sign-out route with 405 (sign-out is POST only)',
    async run(world) {
      const alice = await world.signIn('alice');
      const response = await alice.browser.fetch('/auth/sign-out');
      expect(response.status).toBe(405);
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
    },
  },
  {
    name: 'signs out when returnTo holds characters that break cookies (; , " space), and returns there',
    async run(world) {
      const alice = await world.signIn('alice');
      const response = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken, returnTo: '/a;b,c"d e' });
      expect(response.status).toBe(303);
      const target = locationOf(response);
      expect(target.origin).toBe(world.idp.issuer);
      expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
      const back = await alice.browser.fetch(`/auth/signed-out?state=${target.searchParams.get('state')}`);
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe('/a;b,c%22d%20e');
    },
  },
];
