// The API tier against a real oidc-provider: a user's token for the orders API, which the orders
// API exchanges (RFC 8693) for a billing token on the user's behalf; the billing API accepts it;
// the provider's own back-channel logout to the orders API removes that token and ends the session.

import type { HttpRequest } from '@identity-web/core/adapter';
import { createIdentityWebApi, type IdentityWebApi } from '@identity-web/core/api';
import { createOidcApiProvider, createOidcProvider } from '@identity-web/oidc';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RP, type RunningOp, startOidcProvider } from './support/oidc-provider-server.js';
import { signInAtOp } from './support/sign-in.js';
import { registerTokenExchange, TOKEN_EXCHANGE } from './support/token-exchange-grant.js';

const ORDERS = 'https://orders.example.test';
const BILLING = 'https://billing.example.test';
const ORDERS_API = {
  clientId: 'orders-api',
  clientSecret: 'the-orders-api-client-secret-0123456789',
  logoutUri: 'http://127.0.0.1/orders/back-channel-logout',
};

let op: RunningOp;
let grants: { exchanges: number };
/** Where the provider's back-channel logouts to the orders API go: its `backChannelLogout`. */
let ordersApi: IdentityWebApi;

beforeAll(async () => {
  op = await startOidcProvider({
    resourceIndicators: {
      enabled: true,
      getResourceServerInfo: async (_ctx: unknown, indicator: string) => ({
        audience: indicator,
        scope: 'read',
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
    // The provider session in the access tokens (`sid`), as providers that end sessions put it.
    extraTokenClaims: async (_ctx, token) => (token.sid === undefined ? undefined : { sid: token.sid }),
    clients: [
      {
        client_id: ORDERS_API.clientId,
        client_secret: ORDERS_API.clientSecret,
        grant_types: [TOKEN_EXCHANGE],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        backchannel_logout_uri: ORDERS_API.logoutUri,
        backchannel_logout_session_required: true,
      },
    ],
    configure: (provider) => {
      grants = registerTokenExchange(provider, provider.issuer, { [ORDERS_API.clientId]: ORDERS });
    },
    deliver: async (url, logoutToken) => {
      if (url !== ORDERS_API.logoutUri) return new Response(null, { status: 404 });
      const answer = await ordersApi.backChannelLogout(formPost(logoutToken));
      return new Response(answer.body, { status: answer.status });
    },
  });
  ordersApi = createIdentityWebApi({
    identityProvider: createOidcApiProvider({
      issuer: op.issuer,
      clientId: ORDERS_API.clientId,
      clientSecret: ORDERS_API.clientSecret,
      allowInsecureRequests: true,
      timeoutMs: 5_000,
    }),
    audience: ORDERS,
    baseUrl: 'http://127.0.0.1:4001',
    secret: 'the-orders-api-secret-of-32-characters-or-more',
  });
});
afterAll(async () => {
  await op?.close();
});

function formPost(logoutToken: string): HttpRequest {
  return {
    method: 'POST',
    url: new URL('http://127.0.0.1:4001/back-channel-logout'),
    header: (name: string) => (name === 'content-type' ? 'application/x-www-form-urlencoded' : undefined),
    readText: async () => new URLSearchParams({ logout_token: logoutToken }).toString(),
  } as unknown as HttpRequest;
}

const bearer = (token: string): HttpRequest =>
  ({
    method: 'GET',
    url: new URL('http://127.0.0.1:4001/orders'),
    header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined),
  }) as unknown as HttpRequest;

/** A user signed in at the web app (the RP client), and the access token it has for the orders API. */
async function userTokenForOrders(): Promise<string> {
  const webApp = createOidcProvider({
    issuer: op.issuer,
    clientId: RP.clientId,
    clientSecret: RP.clientSecret,
    allowInsecureRequests: true,
    resource: ORDERS,
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

describe('the API tier against oidc-provider', () => {
  it('exchanges the user’s token for a billing token the billing API accepts, once; a logout removes it', async () => {
    const userToken = await userTokenForOrders();
    const verdict = await ordersApi.guard({ scopes: ['read'] })(bearer(userToken));
    if (verdict.caller === null) throw new Error(`refused: ${verdict.answer.body}`);
    const caller = verdict.caller;
    expect(caller.sessionId).toEqual(expect.any(String));

    const before = grants.exchanges;
    const billing = await ordersApi.acquireTokenOnBehalfOf(caller, { scopes: ['read'], resource: BILLING });
    expect(decodeJwt(billing.accessToken)).toMatchObject({
      aud: BILLING,
      sub: caller.subject,
      sid: caller.sessionId,
      client_id: ORDERS_API.clientId,
    });
    const billingApi = createIdentityWebApi({
      identityProvider: createOidcApiProvider({
        issuer: op.issuer,
        clientId: 'billing-api',
        allowInsecureRequests: true,
        timeoutMs: 5_000,
      }),
      audience: BILLING,
      baseUrl: 'http://127.0.0.1:4002',
    });
    const atBilling = await billingApi.guard({ scopes: ['read'] })(bearer(billing.accessToken));
    expect(atBilling.caller).toMatchObject({ subject: caller.subject, clientId: ORDERS_API.clientId });
    const again = await ordersApi.acquireTokenOnBehalfOf(caller, { scopes: ['read'], resource: BILLING });
    expect(again.accessToken).toBe(billing.accessToken);
    expect(grants.exchanges).toBe(before + 1);

    // The provider's own logout token for the orders API, as its end-session endpoint sends it.
    const client = await op.provider.Client.find(ORDERS_API.clientId);
    await client?.backchannelLogout(caller.subject, caller.sessionId ?? '');
    const refused = await ordersApi.guard({ scopes: ['read'] })(bearer(userToken));
    expect(refused.caller === null && refused.answer.status).toBe(401);
    // The token it held is gone: the next caller of the user's makes a new exchange.
    const next = await ordersApi.acquireTokenOnBehalfOf(caller, { scopes: ['read'], resource: BILLING });
    expect(next.accessToken).not.toBe(billing.accessToken);
    expect(grants.exchanges).toBe(before + 2);
  });

  it('answers a refused subject token with an interaction, and the orders API’s own scope check', async () => {
    const userToken = await userTokenForOrders();
    const verdict = await ordersApi.guard()(bearer(userToken));
    if (verdict.caller === null) throw new Error('refused');
    const forged = { ...verdict.caller, token: `${userToken.slice(0, -4)}AAAA` };
    await expect(
      ordersApi.acquireTokenOnBehalfOf(forged, { scopes: ['read'], resource: BILLING }),
    ).rejects.toMatchObject({
      code: 'interaction_required',
      interaction: { reason: 'invalid_grant' },
    });
  });
});
