// BEFORE: the app on express-openid-connect. The session (tokens included) lives in the encrypted
// `appSession` cookie; the route refreshes an expired access token itself.
import express, { type Express } from 'express';
// CommonJS whose named exports Node cannot all see from an ES module (`requiresAuth` among them).
import openidConnect from 'express-openid-connect';
import { type AppConfig, escapeHtml } from './config.js';

const { auth, requiresAuth } = openidConnect;

export function beforeApp(config: AppConfig): Express {
  const app = express();
  app.use(
    auth({
      issuerBaseURL: config.issuer,
      baseURL: config.baseUrl,
      clientID: config.clientId,
      clientSecret: config.clientSecret,
      secret: config.secret,
      authRequired: false,
      idpLogout: true,
      authorizationParams: { response_type: 'code', scope: `openid profile offline_access ${config.apiScope}` },
      // The URIs registered at the provider for the app after the move, so one registration
      // serves both versions (express-openid-connect's defaults are /callback and the base URL).
      routes: { callback: '/auth/callback', postLogoutRedirect: '/auth/signed-out' },
    }),
  );

  app.get('/', (req, res) => {
    res.type('html').send(
      req.oidc.isAuthenticated()
        ? `<p id="hello">Hello ${escapeHtml(String(req.oidc.user?.name ?? req.oidc.user?.sub))}</p>
           <a href="/orders">Orders</a> <a href="/logout">Sign out</a>`
        : '<a href="/login">Sign in</a>',
    );
  });

  app.get('/auth/signed-out', (_req, res) => {
    res.type('html').send('<p>Signed out. <a href="/">Home</a></p>');
  });

  app.get('/orders', requiresAuth(), async (req, res) => {
    let token = req.oidc.accessToken;
    if (token?.isExpired()) token = await token.refresh();
    const api = await fetch(config.apiUrl, { headers: { authorization: `Bearer ${token?.access_token}` } });
    res.status(api.status).json(await api.json());
  });

  return app;
}
