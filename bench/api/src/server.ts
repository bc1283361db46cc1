// One variant's Express server, in a process of its own: `node server.ts <variant> <issuer>`; it
// sends its port to the parent over IPC.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createIdentityWebApi } from '@identity-web/core/api';
import { protectApi } from '@identity-web/express';
import { createOidcApiProvider } from '@identity-web/oidc';
import express, { type RequestHandler } from 'express';
import { AUDIENCE, SCOPE } from './issuer.js';

// Loaded without its types: they declare a global `req.auth` of their own, which clashes with
// @identity-web/express's (an app uses one library or the other on a route, not both).
const { auth, requiredScopes } = createRequire(import.meta.url)('express-oauth2-jwt-bearer') as {
  auth(options: { issuerBaseURL: string; audience: string; strict: boolean }): RequestHandler;
  requiredScopes(scopes: string): RequestHandler;
};

export type VariantId = 'bare' | 'no-op middleware' | 'identity-web' | 'express-oauth2-jwt-bearer';

function guards(variant: VariantId, issuer: string): RequestHandler[] {
  if (variant === 'bare') return [];
  // The floor of any guard: one more middleware on the route that sets `req.api` and goes on.
  if (variant === 'no-op middleware') {
    return [
      (req, _res, next) => {
        (req as { api?: unknown }).api = { subject: 'bench' };
        next();
      },
    ];
  }
  if (variant === 'identity-web') {
    const api = createIdentityWebApi({
      identityProvider: createOidcApiProvider({ issuer, clientId: 'bench-api', allowInsecureRequests: true }),
      audience: AUDIENCE,
      baseUrl: 'http://127.0.0.1',
    });
    return [protectApi(api, { scopes: [SCOPE] })];
  }
  // `strict`: the same RFC 9068 checks (`typ: at+jwt` among them) as identity-web makes.
  return [auth({ issuerBaseURL: issuer, audience: AUDIENCE, strict: true }), requiredScopes(SCOPE)];
}

const [variant, issuer] = process.argv.slice(2) as [VariantId, string];
const app = express();
app.get('/orders', ...guards(variant, issuer), (_req, res) => {
  res.json({ orders: [] });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
// The CPU this server has used so far (user and system, µs), asked before and after each load.
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpu: user + system });
  }
});
