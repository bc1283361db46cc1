// AFTER: the same app on @identity-web/express. The cookie holds a signed session id; tokens live
// in the per-user token cache on the server, and acquireToken() refreshes them when due.
import { createIdentityWeb, type IdentityWeb } from '@identity-web/core';
import { authErrorHandler, identityWeb, requireAuth, signedIn } from '@identity-web/express';
import { createOidcProvider } from '@identity-web/oidc';
import express, { type Express } from 'express';
import { type AppConfig, escapeHtml } from './config.js';

export function afterApp(config: AppConfig): { app: Express; identity: IdentityWeb } {
  const identity = createIdentityWeb({
    identityProvider: createOidcProvider({
      issuer: config.issuer,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      allowInsecureRequests: config.issuer.startsWith('http:'), // the local demo provider only
    }),
    baseUrl: config.baseUrl,
    secret: config.secret,
    scopes: ['openid', 'profile', 'offline_access', config.apiScope],
  });
  const app = express();
  app.use(identityWeb(identity));

  app.get('/', (req, res) => {
    const { auth } = req;
    res.type('html').send(
      auth.isAuthenticated
        ? `<p id="hello">Hello ${escapeHtml(auth.user.name ?? auth.user.subject)}</p>
           <a href="/orders">Orders</a>
           <form method="post" action="${escapeHtml(auth.signOutUrl)}">
             <input type="hidden" name="csrf" value="${escapeHtml(auth.csrfToken)}"><button>Sign out</button>
           </form>`
        : `<a href="${escapeHtml(auth.signInUrl('/'))}">Sign in</a>`,
    );
  });

  app.get('/orders', requireAuth(), async (req, res) => {
    const { accessToken } = await signedIn(req).acquireToken(config.apiScope);
    const api = await fetch(config.apiUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    res.status(api.status).json(await api.json());
  });

  app.use(authErrorHandler());
  return { app, identity };
}
