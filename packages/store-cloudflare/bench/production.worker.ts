// The Worker of the README, bundled by the benchmark to measure what an app ships.

import { env } from 'cloudflare:workers';
import { cloudflareStores } from '@identity-web/cloudflare';
import { createIdentityWeb } from '@identity-web/core';
import { authErrorHandler, type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import { createOidcProvider } from '@identity-web/oidc';
import { Hono } from 'hono';
import { html } from 'hono/html';

// The Durable Object class the stores run on: wrangler binds it from the Worker's exports.
export { IdentityWebState } from '@identity-web/cloudflare';

// Built once per isolate, at module scope: `env` carries the bindings and secrets there too.
const identity = createIdentityWeb({
  identityProvider: createOidcProvider({
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
  }),
  baseUrl: env.APP_URL,
  secret: env.APP_SECRET,
  scopes: ['openid', 'profile', 'offline_access', 'api://orders/read'],
  stores: cloudflareStores(env.IDENTITY_WEB_STATE),
  session: { memo: false },
});

const app = new Hono<IdentityWebEnv>();
app.use(identityWeb(identity));
app.onError(authErrorHandler());

app.get('/', (c) => {
  const { auth } = c.var;
  return c.html(
    auth.isAuthenticated
      ? html`<p>Hello ${auth.user?.name ?? auth.user?.username}</p>
          <form method="post" action="${auth.signOutUrl}">
            <input type="hidden" name="csrf" value="${auth.csrfToken}" />
            <button>Sign out</button>
          </form>`
      : html`<a href="${auth.signInUrl('/orders')}">Sign in</a>`,
  );
});

app.get('/orders', requireAuth(), async (c) => {
  const { accessToken } = await c.var.auth.acquireToken(['api://orders/read']);
  const response = await fetch('https://orders.example.com/orders', {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return c.json(await response.json());
});

export default app;
