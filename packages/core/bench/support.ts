// What the core's benchmarks share: identity-web on the in-memory fake IdP and a manual clock.
import type { Account } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { containerOf } from '../src/config/di.js';
import { createIdentityWeb } from '../src/create-identity-web.js';
import { CompleteSignIn } from '../src/use-cases/complete-sign-in.js';
import { StartSignIn } from '../src/use-cases/start-sign-in.js';

/** The downstream scope every benchmark asks tokens for (granted at sign-in). */
export const API = 'api://downstream/read';

/** identity-web with the fake IdP, memory stores and a hot index sized for `accounts`. */
export function benchWorld(accounts = 10_000) {
  const clock = new ManualClock();
  const idp = new FakeIdentityProvider(clock);
  const identity = createIdentityWeb({
    identityProvider: idp,
    baseUrl: 'http://localhost:3000',
    secret: 'bench-secret-bench-secret-bench-secret',
    scopes: ['openid', 'offline_access', API],
    clock,
    tokenCache: { hotIndexMaxAccounts: accounts },
  });
  const container = containerOf(identity);
  /** Signs `count` users in through the use cases and caches a token for each; returns their accounts. */
  async function signIn(count: number): Promise<Account[]> {
    const signedIn: Account[] = [];
    for (let i = 0; i < count; i++) {
      const { url, transaction } = await container.resolve(StartSignIn).execute({ returnTo: '/', statePrefix: '0' });
      const { session } = await container.resolve(CompleteSignIn).execute(idp.login(url, `user-${i}`), transaction);
      await identity.acquireToken(session.account, { scopes: [API] });
      signedIn.push(session.account);
    }
    return signedIn;
  }
  return { clock, idp, identity, container, signIn };
}
