import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { HotIndex } from '../../src/cache/hot-index.js';
import { containerOf } from '../../src/config/di.js';
import type { IdentityWebOptions } from '../../src/config/options.js';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import type { Session } from '../../src/domain/session.js';
import type { IdentityWeb } from '../../src/identity-web.js';
import { silentLogger } from '../../src/ports/logger.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryInvalidationBus } from '../../src/stores/memory-invalidation-bus.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { CompleteSignIn } from '../../src/use-cases/complete-sign-in.js';
import { StartSignIn } from '../../src/use-cases/start-sign-in.js';

export const API = 'api://downstream/read';

/** `idpOptions`: the fake IdP's, e.g. `{ tokenLifetimeSeconds: 8 }`. */
export function setup<Idp extends FakeIdentityProvider = FakeIdentityProvider>(
  options: Partial<IdentityWebOptions> = {},
  idpOptions: ConstructorParameters<typeof FakeIdentityProvider>[1] = {},
  /** Another fake (a subclass), made on the world's clock. */
  makeIdp: (clock: ManualClock) => Idp = (clock) => new FakeIdentityProvider(clock, idpOptions) as Idp,
) {
  const clock = new ManualClock();
  const idp = makeIdp(clock);
  const sessions = options.stores?.sessionStore ?? new MemorySessionStore(clock);
  const tokenCache = options.stores?.tokenCacheStore ?? new MemoryTokenCacheStore(clock);
  const registry = options.stores?.accountRegistry ?? new MemoryAccountRegistry(clock);
  const identity: IdentityWeb = createIdentityWeb({
    identityProvider: idp,
    baseUrl: 'http://localhost:3000',
    secret: 'a-test-secret-that-is-long-enough-0000',
    scopes: ['openid', 'offline_access', API],
    clock,
    ...options,
    stores: { ...options.stores, sessionStore: sessions, tokenCacheStore: tokenCache, accountRegistry: registry },
  });
  const c = containerOf(identity);
  return {
    container: c,
    clock,
    idp,
    identity,
    hot: c.resolve(HotIndex),
    /** The raw session store: sealed records. */
    sessions,
    tokenCache,
    registry,
    /** Signs a user in through the use cases (no HTTP); `previousSessionId`: the browser's session before. */
    async signIn(subject: string, sid = `sid-${subject}`, previousSessionId: string | null = null): Promise<Session> {
      const { url, transaction } = await c.resolve(StartSignIn).execute({ returnTo: '/', statePrefix: '0' });
      const params = idp.login(url, subject, sid);
      const { session } = await c.resolve(CompleteSignIn).execute(params, transaction, previousSessionId);
      return session;
    },
  };
}

/**
 * Two instances of one app on shared memory stores and one invalidation bus: what is asked of one
 * is seen by the other. `options` go to both; `another(more)` makes one more with `more` on top.
 */
export function twoInstances(options: Partial<IdentityWebOptions> = {}) {
  const clock = new ManualClock();
  const idp = new FakeIdentityProvider(clock);
  const stores = {
    sessionStore: new MemorySessionStore(clock),
    tokenCacheStore: new MemoryTokenCacheStore(clock),
    accountRegistry: new MemoryAccountRegistry(clock),
    invalidationBus: new MemoryInvalidationBus(),
  };
  const make = (more: Partial<IdentityWebOptions> = {}) =>
    createIdentityWeb({
      identityProvider: idp,
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
      clock,
      stores,
      logger: silentLogger,
      ...options,
      ...more,
    });
  return { a: make(), b: make(), another: make, clock, idp, stores };
}
