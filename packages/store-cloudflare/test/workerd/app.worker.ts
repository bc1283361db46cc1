// The Worker of the end-to-end suite: a Hono app on @identity-web/hono + @identity-web/oidc with
// its state in Durable Objects. The suite runs it twice in one workerd — two workers, two
// isolates, one object namespace — as two Worker isolates of one app would be in production;
// and twice more, on another namespace, with a second identity provider bound (PARTNER_ISSUER).

import { env } from 'cloudflare:workers';
import { createCloudflareStores } from '@identity-web/cloudflare';
import { createIdentityWeb, type RemovalReason, sessionList } from '@identity-web/core';
import { authErrorHandler, type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import { createOidcProvider } from '@identity-web/oidc';
import { Hono } from 'hono';

export { IdentityWebDurableObject } from '@identity-web/cloudflare';

// Bindings are importable at module scope, so the instance is built once per isolate, here.
const stores = createCloudflareStores(env.IDENTITY_WEB_STATE);
const oidcProvider = (issuer: string) =>
  createOidcProvider({
    issuer,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    allowInsecureRequests: true, // the test providers are plain http on 127.0.0.1
  });
const identity = createIdentityWeb({
  // With a second issuer bound, two providers by name (`/auth/sign-in?provider=partner`);
  // else the one provider.
  ...(env.PARTNER_ISSUER
    ? { identityProviders: { work: oidcProvider(env.OIDC_ISSUER), partner: oidcProvider(env.PARTNER_ISSUER) } }
    : { identityProvider: oidcProvider(env.OIDC_ISSUER) }),
  baseUrl: env.APP_URL,
  secret: env.APP_SECRET,
  stores,
  session: { memo: false, list: sessionList },
  logger: { debug() {}, info() {}, warn: console.warn, error: console.error },
});
const removed: { accountKey: string; reason: RemovalReason }[] = [];
identity.on('accountRemoved', ({ accountKey, reason }) => {
  removed.push({ accountKey, reason });
});
// Which isolate answered: made on first use (a Worker may not draw random values at startup).
let isolate: string | undefined;

const app = new Hono<IdentityWebEnv>();
app.use(identityWeb(identity));
app.onError(authErrorHandler());
app.get('/me', requireAuth(), (c) => c.json({ user: c.var.auth.user, csrfToken: c.var.auth.csrfToken }));
app.get('/sessions', requireAuth(), async (c) => c.json({ sessions: await c.var.auth.sessions() }));
app.get('/call-api', requireAuth(), async (c) => {
  const { accessToken, expiresAt } = await c.var.auth.acquireToken(c.req.query('scope') ?? 'api://orders/read');
  return c.json({ accessToken, expiresAt });
});

// Test-only windows into this isolate and the shared stores: the suite runs in another process.
app.get('/test/isolate', (c) => {
  isolate ??= crypto.randomUUID();
  return c.json({ isolate });
});
app.get('/test/account/:key', async (c) => {
  const key = c.req.param('key');
  const reasons = removed.filter((r) => r.accountKey === key).map((r) => r.reason);
  return c.json({ cached: await identity.hasAccount(key), removedHere: reasons });
});
// identity.signOutUser, asked of this isolate: how many sessions ended.
app.post('/test/sign-out-user/:subject', async (c) =>
  c.json({ ended: await identity.signOutUser({ issuer: env.OIDC_ISSUER, subject: c.req.param('subject') }) }),
);
// Benchmarks: `n` token hits from this isolate's memory, or `n` reads of the partition from its
// object (the request plus the decryption a hit would cost without the in-process index).
app.get('/test/bench/:what', requireAuth(), async (c) => {
  const n = Number(c.req.query('n') ?? '0');
  const account = c.var.auth.account!;
  for (let i = 0; i < n; i++) {
    if (c.req.param('what') === 'memory') await c.var.auth.acquireToken('api://orders/read');
    else if (c.req.param('what') === 'object') await identity.hasAccount(account.key);
    else await stores.tokenCacheStore.getPartition(account.key);
  }
  return c.json({ n });
});

export default app;
