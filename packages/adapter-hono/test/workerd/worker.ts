// The worker the workerd suite runs: a Hono app on @identity-web/hono + @identity-web/oidc,
// bundled by esbuild for a neutral platform (no Node built-ins, no nodejs_compat flag).

import type { IdentityWeb } from '@identity-web/core';
import { createIdentityWeb, type RemovalReason } from '@identity-web/core';
import { authErrorHandler, type IdentityWebVariables, identityWeb, requireAuth } from '@identity-web/hono';
import { createOidcProvider, dpopBinding } from '@identity-web/oidc';
import { Hono, type MiddlewareHandler } from 'hono';

export interface Bindings {
  APP_URL: string;
  APP_SECRET: string;
  OIDC_ISSUER: string;
  OIDC_CLIENT_ID: string;
  OIDC_CLIENT_SECRET: string;
  /** `'true'`: DPoP-bound tokens (RFC 9449), the key made and the proofs signed in workerd. */
  OIDC_DPOP?: string;
}

type AppEnv = { Bindings: Bindings; Variables: IdentityWebVariables };

interface Instance {
  identity: IdentityWeb;
  middleware: MiddlewareHandler<AppEnv>;
  removed: { accountKey: string; reason: RemovalReason }[];
}

// Bindings arrive with the first request, so the instance is built then and kept for the isolate.
let instance: Instance | undefined;
function setup(env: Bindings): Instance {
  if (instance) return instance;
  const identity = createIdentityWeb({
    identityProvider: createOidcProvider({
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      allowInsecureRequests: true, // the test provider is plain http on 127.0.0.1
      ...(env.OIDC_DPOP === 'true' && { dpop: dpopBinding() }),
    }),
    baseUrl: env.APP_URL,
    secret: env.APP_SECRET,
    // workerd's console reaches the test output through Miniflare.
    logger: { debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  const removed: Instance['removed'] = [];
  identity.on('accountRemoved', ({ accountKey, reason }) => {
    removed.push({ accountKey, reason });
  });
  instance = { identity, middleware: identityWeb(identity), removed };
  return instance;
}

const app = new Hono<AppEnv>();
app.use((c, next) => setup(c.env).middleware(c, next));
app.onError(authErrorHandler());
app.get('/me', requireAuth(), (c) => c.json({ user: c.var.auth.user, csrfToken: c.var.auth.csrfToken }));
app.get('/call-api', requireAuth(), async (c) => {
  const token = await c.var.auth.acquireToken(c.req.query('scope') ?? 'api://orders/read');
  const { accessToken, expiresAt, tokenType } = token;
  // `?prove=<url>`: a DPoP proof for a GET of that URL, made here, in workerd (Web Crypto only).
  const prove = c.req.query('prove');
  const proof = prove === undefined ? undefined : await token.dpopProof?.('GET', prove, { nonce: 'api-nonce' });
  return c.json({ accessToken, expiresAt, tokenType, proof });
});
// Test-only window into the worker's token cache and events: the suite runs in another process.
app.get('/test/account/:key', async (c) => {
  const { identity, removed } = setup(c.env);
  const key = c.req.param('key');
  return c.json({
    cached: await identity.hasAccount(key),
    removed: removed.filter((r) => r.accountKey === key).map((r) => r.reason),
  });
});
app.get('/test/runtime', (c) => c.json({ userAgent: navigator.userAgent, hasProcess: 'process' in globalThis }));

export default app;
