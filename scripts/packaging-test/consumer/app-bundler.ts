// Type-checked with `moduleResolution: bundler` (tsconfig.bundler.json), as Vite, esbuild or
// webpack apps are.
import { createIdentityWeb, ErrorCode, type IdentityWebError } from '@identity-web/core';
import { type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import { createOidcProvider, type OidcIdentityProvider } from '@identity-web/oidc';
import { Hono } from 'hono';

const idp: OidcIdentityProvider = createOidcProvider({ issuer: 'https://login.example.com', clientId: 'a' });
const identity = createIdentityWeb({
  identityProvider: idp,
  baseUrl: 'https://app.example.com',
  secret: 'x'.repeat(32),
});

const app = new Hono<IdentityWebEnv>();
app.use(identityWeb(identity));
app.get('/orders', requireAuth(), async (c) => {
  const { accessToken } = await c.var.auth.acquireToken('api://orders/read');
  return c.text(accessToken);
});
export const isStoreDown = (error: IdentityWebError): boolean => error.code === ErrorCode.StoreUnavailable;
export default app;
