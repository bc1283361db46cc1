// The "Several instances" example of docs/several-instances.md, compiled by `pnpm typecheck` (never run): it
// proves what `createRedisStores` returns fits `createIdentityWeb`'s `stores` as it is.
import { createIdentityWeb, type IdentityWebOptions } from '@identity-web/core';
import { createOidcProvider } from '@identity-web/oidc';
import { createRedisStores, type RedisStores } from '../src/index.js';

export function readmeExample() {
  const stores = createRedisStores({ url: process.env.REDIS_URL }); // redis://user:password@host:6379/0

  const identity = createIdentityWeb({
    identityProvider: createOidcProvider({
      issuer: 'https://login.example.com',
      clientId: process.env.CLIENT_ID!,
      clientSecret: process.env.CLIENT_SECRET!,
    }),
    baseUrl: 'https://app.example.com', // the same public origin on every instance
    secret: process.env.IDENTITY_WEB_SECRET!, // the same secret(s) on every instance
    stores,
  });

  process.on('SIGTERM', () => {
    identity.close();
    void stores.close();
  });
  return identity;
}

// Every port `createIdentityWeb` accepts (and its app hook) is provided, none missing nor renamed.
type Ports = keyof NonNullable<IdentityWebOptions['stores']>;
export const everyPort: Record<Ports, true> = {
  sessionStore: true,
  tokenCacheStore: true,
  accountRegistry: true,
  invalidationBus: true,
  replayCache: true,
  refreshLease: true,
  forApp: true,
} satisfies Record<Exclude<keyof RedisStores, 'close'>, true>;
