import { expect } from 'vitest';
import type { Scenario } from '../scenario-world.js';

const BACK_CHANNEL = '/auth/back-channel-logout';

export const logoutNotificationScenarios: Scenario[] = [
  {
    name: 'front-channel logout by (iss, sid) from a request with no cookies ends exactly that session',
    async run(world) {
      const alice = await world.signIn('alice', { sid: 's-alice' });
      const bob = await world.signIn('bob', { sid: 's-bob' });
      await alice.browser.fetch('/call-api', { accept: 'json' });
      await bob.browser.fetch('/call-api', { accept: 'json' });
      const iframe = world.browser(); // third-party iframe: no cookies at all
      const query = new URLSearchParams({ iss: world.idp.issuer, sid: 's-alice' });
      const response = await iframe.fetch(`/auth/front-channel-logout?${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toContain(
        `frame-ancestors 'self' ${world.idp.frameOrigin}`,
      );
      expect(response.headers.get('x-frame-options')).toBeNull();
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
      expect(await world.sessions.getSession(bob.sessionId)).not.toBeNull();
      expect(await world.tokenCache.getPartition(bob.accountKey)).not.toBeNull();
      expect((await bob.browser.fetch('/call-api', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: 'front-channel logout ignores a foreign iss and a lone iss, and accepts Entra-style sid alone',
    async run(world) {
      const alice = await world.signIn('alice', { sid: 's1' });
      const foreign = await world
        .browser()
        .fetch(`/auth/front-channel-logout?iss=${encodeURIComponent('https://other.test')}&sid=s1`);
      expect(foreign.status).toBe(200);
      const lone = await world
        .browser()
        .fetch(`/auth/front-channel-logout?iss=${encodeURIComponent(world.idp.issuer)}`);
      expect(lone.status).toBe(200);
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      await world.browser().fetch('/auth/front-channel-logout?sid=s1');
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
    },
  },
  {
    name: 'back-channel logout with a valid token ends the session and removes the account',
    async run(world) {
      const alice = await world.signIn('alice', { sid: 's-a' });
      const token = await world.idp.logoutToken({ sid: 's-a', sub: 'alice' });
      const response = await world.browser().post(BACK_CHANNEL, { logout_token: token });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
      expect((await alice.browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    },
  },
  {
    name: 'back-channel logout by sub alone ends every session of that user',
    async run(world) {
      const one = await world.signIn('alice', { sid: 'a1' });
      const two = await world.signIn('alice', { sid: 'a2' });
      const bob = await world.signIn('bob', { sid: 'b1' });
      const response = await world
        .browser()
        .post(BACK_CHANNEL, { logout_token: await world.idp.logoutToken({ sub: 'alice' }) });
      expect(response.status).toBe(200);
      expect(await world.sessions.getSession(one.sessionId)).toBeNull();
      expect(await world.sessions.getSession(two.sessionId)).toBeNull();
      expect(await world.sessions.getSession(bob.sessionId)).not.toBeNull();
    },
  },
  {
    name: 'back-channel logout rejects every invalid request with 400 JSON and changes nothing',
    async run(world) {
      const alice = await world.signIn('alice', { sid: 's-a' });
      const valid = await world.idp.logoutToken({ sid: 's-a' });
      const [body, mac] = valid.split('.');
      const bad: Record<string, string>[] = [
        {},
        { logout_token: '' },
        { logout_token: 'not-a-jwt' },
        { logout_token: `${body}.${mac!.slice(1)}A` },
        { logout_token: await world.idp.logoutToken({ sid: 's-a', nonce: 'n' }) },
        { logout_token: await world.idp.logoutToken({ sid: 's-a', events: {} }) },
        { logout_token: await world.idp.logoutToken({ sid: 's-a', iss: 'https://evil.test' }) },
        { logout_token: await world.idp.logoutToken({ sid: 's-a', exp: 1 }) },
      ];
      for (const form of bad) {
        const response = await world.browser().post(BACK_CHANNEL, form);
        expect(response.status, JSON.stringify(form)).toBe(400);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(((await response.json()) as { error: string }).error).toBeTruthy();
      }
      const duplicated = await world.browser().fetch(BACK_CHANNEL, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `logout_token=${valid}&logout_token=${valid}`,
      });
      expect(duplicated.status).toBe(400);
      const asJson = await world.browser().fetch(BACK_CHANNEL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ logout_token: valid }),
      });
      expect(asJson.status).toBe(400);
      expect((await world.browser().fetch(BACK_CHANNEL)).status).toBe(405);
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).not.toBeNull();
    },
  },
  {
    name: 'back-channel logout refuses a replayed jti',
    async run(world) {
      await world.signIn('alice', { sid: 's-a' });
      const token = await world.idp.logoutToken({ sid: 's-a' });
      expect((await world.browser().post(BACK_CHANNEL, { logout_token: token })).status).toBe(200);
      const bob = await world.signIn('bob', { sid: 's-a2' });
      const replay = await world.browser().post(BACK_CHANNEL, { logout_token: token });
      expect(replay.status).toBe(400);
      expect(((await replay.json()) as { error: string }).error).toBe('logout_token_replayed');
      expect(await world.sessions.getSession(bob.sessionId)).not.toBeNull();
    },
  },
];
