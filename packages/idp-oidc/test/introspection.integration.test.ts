// Opaque access tokens against a real oidc-provider: the orders API takes the user's opaque token
// through the provider's introspection endpoint (RFC 7662), authenticated as itself, and stops
// taking it once the provider revoked it.

import type { HttpRequest } from '@identity-web/core/adapter';
import { createIdentityWebApi } from '@identity-web/core/api';
import { createOidcApiProvider, createOidcProvider } from '@identity-web/oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RP, type RunningOp, startOidcProvider } from './support/oidc-provider-server.js';
import { signInAtOp } from './support/sign-in.js';

const ORDERS = 'https://orders.example.test';
const OTHER = 'https://other.example.test';
const ORDERS_API = { clientId: 'orders-api', clientSecret: 'the-orders-api-client-secret-0123456789' };

let op: RunningOp;

beforeAll(async () => {
  op = await startOidcProvider({
    introspection: true,
    resourceIndicators: {
      enabled: true,
      getResourceServerInfo: async (_ctx: unknown, indicator: string) => ({
        audience: indicator,
        scope: 'read',
        accessTokenFormat: 'opaque',
      }),
    },
    clients: [
      {
        client_id: ORDERS_API.clientId,
        client_secret: ORDERS_API.clientSecret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
  });
});
afterAll(async () => {
  await op?.close();
});

function ordersApi(clientSecret = ORDERS_API.clientSecret) {
  return createIdentityWebApi({
    identityProvider: createOidcApiProvider({
      issuer: op.issuer,
      clientId: ORDERS_API.clientId,
      clientSecret,
      allowInsecureRequests: true,
      timeoutMs: 5_000,
    }),
    audience: ORDERS,
    baseUrl: 'http://127.0.0.1:4001',
    introspection: { cacheSeconds: 0 },
  });
}

const bearer = (token: string): HttpRequest =>
  ({
    method: 'GET',
    url: new URL('http://127.0.0.1:4001/orders'),
    header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined),
  }) as unknown as HttpRequest;

/** A user signed in at the web app (the RP client), and the opaque access token it has for `resource`. */
async function userToken(resource: string): Promise<string> {
  const webApp = createOidcProvider({
    issuer: op.issuer,
    clientId: RP.clientId,
    clientSecret: RP.clientSecret,
    allowInsecureRequests: true,
    resource,
    timeoutMs: 5_000,
  });
  const { result } = await signInAtOp(webApp, ['openid', 'offline_access', 'read'], []);
  const token = await webApp.acquireTokenSilent(result.partition, result.account, {
    scopes: ['read'],
    forceRefresh: false,
    refreshSkewSeconds: 60,
  });
  return token.accessToken;
}

describe('opaque access tokens against oidc-provider', () => {
  it("takes the user's opaque token as the provider describes it, until the provider revokes it", async () => {
    const token = await userToken(ORDERS);
    expect(token.split('.')).toHaveLength(1); // opaque: no JWT to read
    const api = ordersApi();
    const verdict = await api.guard({ scopes: ['read'] })(bearer(token));
    expect(verdict.caller).toMatchObject({
      issuer: op.issuer,
      clientId: RP.clientId,
      scopes: ['read'],
      sessionId: expect.any(String),
      token,
    });
    expect(verdict.caller?.subject).toEqual(expect.any(String));

    await (await op.provider.AccessToken.find(token))?.destroy();
    const revoked = await api.guard({ scopes: ['read'] })(bearer(token));
    if (revoked.caller !== null) throw new Error('a revoked token was taken');
    expect(revoked.answer.status).toBe(401);
    expect(revoked.answer.body).toContain('the token is not active');
  });

  it('refuses an opaque token of another API of the same provider', async () => {
    const verdict = await ordersApi().guard()(bearer(await userToken(OTHER)));
    if (verdict.caller !== null) throw new Error("another API's token was taken");
    expect(verdict.answer.status).toBe(401);
    expect(verdict.answer.body).toContain('does not name this API');
  });

  it('refuses made-up tokens with 401, asking the provider only about the opaque one', async () => {
    for (const token of ['eyJhbGciOiJub25lIn0.AAAA.AAAA', 'made-up-opaque-token']) {
      const verdict = await ordersApi().guard()(bearer(token));
      if (verdict.caller !== null) throw new Error('a made-up token was taken');
      expect(verdict.answer.status).toBe(401);
    }
  });

  it('is refused when the API is created with a public client: the endpoint answers authenticated clients', () => {
    expect(() =>
      createIdentityWebApi({
        identityProvider: createOidcApiProvider({
          issuer: op.issuer,
          clientId: ORDERS_API.clientId,
          allowInsecureRequests: true,
        }),
        audience: ORDERS,
        baseUrl: 'http://127.0.0.1:4001',
        introspection: true,
      }),
    ).toThrow(/"introspection".*clientSecret or clientAuth: privateKeyJwt\(keys\)/);
  });

  it('throws the refusal of a wrong client secret, naming the secret to check', async () => {
    const token = await userToken(ORDERS);
    await expect(ordersApi('not-the-orders-api-secret-0123456789').guard()(bearer(token))).rejects.toMatchObject({
      code: 'idp_error',
      message: expect.stringContaining('clientSecret'),
    });
  });
});
