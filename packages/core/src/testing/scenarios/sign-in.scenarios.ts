import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import type { Scenario } from '../scenario-world.js';

export const signInScenarios: Scenario[] = [
  {
    name: 'signs a user in and returns to returnTo with a session cookie',
    async run(world) {
      const browser = world.browser();
      const start = await browser.fetch('/auth/sign-in?returnTo=%2Fme%3Ftab%3D1');
      expect(start.status).toBe(302);
      const authorize = locationOf(start);
      expect(authorize.origin).toBe(world.idp.issuer);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/callback');
      const callback = await browser.fetch(`/auth/callback?${world.idp.login(authorize, 'alice')}`);
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe('/me?tab=1');
      const me = await browser.fetch('/me', { accept: 'json' });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { name: string } }).user.name).toBe('alice');
    },
  },
  {
    name: 'completes a form_post callback without an app body parser',
    async run(world) {
      const { browser } = await world.signIn('bob', { formPost: true });
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: 'rotates the session id on every sign-in (fixation)',
    async run(world) {
      const first = await world.signIn('carol');
      const before = first.browser.cookies.get('iw.session.3000');
      const start = await first.browser.fetch('/auth/sign-in');
      await first.browser.fetch(`/auth/callback?${world.idp.login(locationOf(start), 'carol', 'sid-2')}`);
      expect(first.browser.cookies.get('iw.session.3000')).not.toBe(before);
      expect(await world.sessions.getSession(first.sessionId)).toBeNull();
    },
  },
  {
    name: 'ends the session this browser had on a form_post sign-in, whose cross-site POST carries no session cookie',
    async run(world) {
      const alice = await world.signIn('alice', { formPost: true });
      const start = await alice.browser.fetch('/auth/sign-in');
      const params = world.idp.login(locationOf(start), 'bob', 'sid-bob');
      const callback = await alice.browser.post('/auth/callback', Object.fromEntries(params), {}, { crossSite: true });
      expect(callback.status).toBe(302);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
      const me = await alice.browser.fetch('/me', { accept: 'json' });
      expect(((await me.json()) as { user: { name: string } }).user.name).toBe('bob');
      // And again: the session the form_post sign-in opened ends with the next one.
      const [bob] = await world.registry.findBySid(world.idp.issuer, 'sid-bob');
      const again = await alice.browser.fetch('/auth/sign-in');
      const carol = world.idp.login(locationOf(again), 'carol', 'sid-carol');
      expect(
        (await alice.browser.post('/auth/callback', Object.fromEntries(carol), {}, { crossSite: true })).status,
      ).toBe(302);
      expect(await world.sessions.getSession(bob!.sessionId)).toBeNull();
    },
  },
  {
    name: 'refuses a callback replayed or opened in another browser (login CSRF)',
    async run(world) {
      const attacker = world.browser();
      const start = await attacker.fetch('/auth/sign-in');
      const params = world.idp.login(locationOf(start), 'mallory');
      const victim = world.browser();
      const stolen = await victim.fetch(`/auth/callback?${params}`);
      expect(stolen.status).toBe(400);
      expect(victim.cookies.has('iw.session.3000')).toBe(false);
      // The transaction lives in the attacker's own browser: it completes there once, never twice.
      expect((await attacker.fetch(`/auth/callback?${params}`)).status).toBe(302);
      expect((await attacker.fetch(`/auth/callback?${params}`)).status).toBe(400);
    },
  },
  {
    name: 'answers requireAuth with a redirect for browsers and 401 JSON for API calls',
    async run(world) {
      const browser = world.browser();
      const page = await browser.fetch('/me?x=1');
      expect(page.status).toBe(302);
      expect(locationOf(page).pathname).toBe('/auth/sign-in');
      expect(locationOf(page).searchParams.get('returnTo')).toBe('/me?x=1');
      const api = await browser.fetch('/me', { accept: 'json' });
      expect(api.status).toBe(401);
      expect(((await api.json()) as { error: string }).error).toBe('not_authenticated');
    },
  },
  {
    name: 'treats a tampered session cookie as signed out',
    async run(world) {
      const { browser } = await world.signIn('dave');
      const value = browser.cookies.get('iw.session.3000')!;
      browser.cookies.set('iw.session.3000', `${value.slice(0, -2)}${value.endsWith('A') ? 'B' : 'A'}`);
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    },
  },
];
