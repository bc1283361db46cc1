// A Hono app on Cloudflare Workers: sign-in with any OpenID provider, sessions and the per-user
// token cache in Durable Objects (strongly consistent across every isolate), sign-out and the
// provider's front- and back-channel logout ending the session everywhere.

import { env } from 'cloudflare:workers';
import { createCloudflareStores } from '@identity-web/cloudflare';
import { createIdentityWeb } from '@identity-web/core';
import { authErrorHandler, identityWeb, requireAuth } from '@identity-web/hono';
import { createOidcProvider, sharedSignalsTransmitter } from '@identity-web/oidc';
import { Hono } from 'hono';
import { html } from 'hono/html';

// The Durable Object class the stores run on: wrangler binds it from the Worker's exports.
export { IdentityWebDurableObject } from '@identity-web/cloudflare';

// Built once per isolate, at module scope: `env` carries the bindings and secrets there too.
// createCloudflareStores() tells createIdentityWeb that isolates cannot be sent a message, so every
// request reads its session from its object and a sign-out holds in every isolate at once.
const identity = createIdentityWeb({
  identityProvider: createOidcProvider({
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    // Local development only (.dev.vars): the demo IdP on http://127.0.0.1.
    allowInsecureRequests: env.OIDC_ALLOW_INSECURE_REQUESTS === 'true',
  }),
  baseUrl: env.APP_URL,
  secret: env.APP_SECRET,
  stores: createCloudflareStores(env.IDENTITY_WEB_STATE),
  // Optional: a Shared Signals transmitter's security events (CAEP, RISC), pushed to
  // /auth/security-events, sign users out in every isolate, as a logout does. The transmitter
  // brings the code that receives them: a Worker without these lines bundles none of it.
  ...(env.SHARED_SIGNALS_ISSUER !== undefined && {
    sharedSignals: {
      transmitter: sharedSignalsTransmitter({
        issuer: env.SHARED_SIGNALS_ISSUER,
        allowInsecureRequests: env.OIDC_ALLOW_INSECURE_REQUESTS === 'true',
      }),
    },
  }),
});

// The app's type comes from the middleware: `c.var.auth` compiles only where it runs.
const app = new Hono()
  // Before identityWeb, so it follows the auth routes too: a sign-out revokes the refresh token at
  // the provider after its answer, and a Worker may cancel what a request left running without this.
  .use(async (c, next) => {
    await next();
    c.executionCtx.waitUntil(identity.settled());
  })
  .use(identityWeb(identity));
app.onError(authErrorHandler());

app.get('/', (c) => {
  const { auth } = c.var;
  return c.html(
    auth.isAuthenticated
      ? html`<p>Hello ${auth.user.name ?? auth.user.subject}</p>
          <form method="post" action="${auth.signOutUrl}">
            <input type="hidden" name="csrf" value="${auth.csrfToken}" />
            <button>Sign out</button>
          </form>`
      : html`<a href="${auth.signInUrl('/me')}">Sign in</a>`,
  );
});

// Signed-in users only: a browser is sent to sign-in and comes back here; a script gets 401 JSON.
// For a web API: `await c.var.auth.acquireToken(['api://orders/read'])` gives its access token,
// from the account's token cache in its Durable Object, refreshed once across isolates.
app.get('/me', requireAuth(), (c) => c.json({ user: c.var.auth.user }));

export default app;
