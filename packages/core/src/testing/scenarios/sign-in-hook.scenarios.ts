import type { SignInEvent } from '@identity-web/core';
import { expect } from 'vitest';
import { accountKeyFor } from '../../domain/account.js';
import { locationOf } from '../browser.js';
import { SCENARIO_API_SCOPE, type Scenario } from '../scenario-world.js';

type Public = { authenticated: boolean; user: { key: string; roles?: string[] } | null };

export const signInHookScenarios: Scenario[] = [
  {
    name: 'onSignIn refusing a sign-in: a 403 "Sign-in refused" page, and no session, token or registry entry',
    async run(world) {
      world.onSignIn = ({ account }) => (account.subject === 'mallory' ? false : undefined);
      const alice = await world.signIn('alice');
      const start = await alice.browser.fetch('/auth/sign-in?returnTo=%2Fme');
      const refused = await alice.browser.fetch(`/auth/callback?${world.idp.login(locationOf(start), 'mallory')}`);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('Sign-in refused');
      expect(refused.headers.getSetCookie().some((c) => c.includes('iw.session.3000='))).toBe(false);

      const key = await accountKeyFor(world.idp.issuer, 'mallory');
      expect(await world.tokenCache.getPartition(key)).toBeNull();
      expect(await world.registry.findBySubject(world.idp.issuer, 'mallory')).toEqual([]);
      expect(await world.registry.findBySid(world.idp.issuer, 'sid-mallory')).toEqual([]);
      expect(await world.sessions.countSessions?.()).toBe(1); // alice's, untouched
      const still = (await (await alice.browser.fetch('/public', { accept: 'json' })).json()) as Public;
      expect(still.user?.key).toBe(alice.accountKey);
    },
  },
  {
    name: 'onSignIn adding claims: on auth.user and the account, through requireAuth, after a store read',
    async run(world) {
      const seen: SignInEvent[] = [];
      world.onSignIn = (event) => {
        seen.push(event);
        return { claims: { roles: ['admin'], plan: 'pro' } };
      };
      const { browser } = await world.signIn('ann');
      expect(seen[0]?.account.subject).toBe('ann');
      expect(seen[0]?.tokens.idToken).toBe('id-token-of-ann');
      expect(seen[0]?.tokens.scopes).toContain(SCENARIO_API_SCOPE);
      expect(seen[0]?.claims.sub).toBe('ann');
      expect((await browser.fetch('/admin', { accept: 'json' })).status).toBe(200);
      world.clock.advance(61_000); // past the session memo: the claims come from the sealed record
      const pub = (await (await browser.fetch('/public', { accept: 'json' })).json()) as Public;
      expect(pub.user?.roles).toEqual(['admin']);
    },
  },
];
