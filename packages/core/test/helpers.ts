import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import type { HotIndex } from '../src/cache/hot-index.js';
import type { IdentityWebOptions } from '../src/config/options.js';
import { TOKENS } from '../src/config/tokens.js';
import { containerOf, createIdentityWeb, type IdentityWeb } from '../src/create-identity-web.js';
import type { Session } from '../src/domain/session.js';
import type { SessionStore } from '../src/ports/session-store.port.js';
import type { TokenCacheStore } from '../src/ports/token-cache-store.port.js';
import { CompleteSignIn } from '../src/use-cases/complete-sign-in.js';
import { StartSignIn } from '../src/use-cases/start-sign-in.js';

export const API = 'api://downstream/read';

export function setup(options: Partial<IdentityWebOptions> = {}) {
  const clock = new ManualClock();
  const idp = new FakeIdentityProvider(clock);
  const identity: IdentityWeb = createIdentityWeb({
    identityProvider: idp,
    baseUrl: 'http://localhost:3000',
    secret: 'a-test-secret-that-is-long-enough-0000',
    scopes: ['openid', 'offline_access', API],
    clock,
    ...options,
  });
  const c = containerOf(identity);
  return {
    container: c,
    clock,
    idp,
    identity,
    hot: c.resolve<HotIndex>(TOKENS.HotIndex),
    sessions: c.resolve<SessionStore>(TOKENS.SessionStore),
    tokenCache: c.resolve<TokenCacheStore>(TOKENS.TokenCacheStore),
    /** Signs a user in through the use cases (no HTTP). */
    async signIn(subject: string, sid = `sid-${subject}`): Promise<Session> {
      const url = await c.resolve(StartSignIn).execute({ returnTo: '/', browserBinding: 'browser' });
      const { session } = await c.resolve(CompleteSignIn).execute(idp.login(url, subject, sid), 'browser');
      return session;
    },
  };
}
