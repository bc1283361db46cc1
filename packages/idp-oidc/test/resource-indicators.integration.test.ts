import { InteractionRequiredError } from '@identity-web/core/provider';
import { createOidcProvider, type OidcProviderOptions } from '@identity-web/oidc';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RP, type RunningOp, startOidcProvider } from './support/oidc-provider-server.js';
import { signInAtOp } from './support/sign-in.js';

// RFC 8707 resource indicators against oidc-provider v9, which issues JWT access tokens
// (RFC 9068) whose `aud` shows which resource each token is for.

const ORDERS = 'https://orders.example.test';
const BILLING = 'https://billing.example.test';
const NOT_GRANTED = 'https://hr.example.test';
// Both APIs call their scope `read`: only the resource tells their tokens apart.
const SCOPES = ['openid', 'profile', 'offline_access', 'read'];

let op: RunningOp;
beforeAll(async () => {
  op = await startOidcProvider({
    resourceIndicators: {
      enabled: true,
      getResourceServerInfo: async () => ({
        scope: 'read',
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  });
});
afterAll(async () => {
  await op?.close();
});

function relyingParty(options: Partial<OidcProviderOptions> = {}) {
  return createOidcProvider({
    issuer: op.issuer,
    clientId: RP.clientId,
    clientSecret: RP.clientSecret,
    allowInsecureRequests: true,
    timeoutMs: 5_000,
    ...options,
  });
}

const signIn = (idp: ReturnType<typeof relyingParty>, resources: string[]) => signInAtOp(idp, SCOPES, resources);

const silent = (scopes: string[], resource?: string) => ({
  scopes,
  forceRefresh: false,
  refreshSkewSeconds: 60,
  ...(resource && { resource }),
});

describe('resource indicators (RFC 8707) against oidc-provider', () => {
  it('asks for every resource at sign-in and gets a token for each one, the default without naming it', async () => {
    const idp = relyingParty({ resource: ORDERS });
    const { url, result } = await signIn(idp, [BILLING, ORDERS]);
    expect(url.searchParams.getAll('resource')).toEqual([ORDERS, BILLING]);

    const orders = await idp.acquireTokenSilent(result.partition, result.account, silent(['read']));
    expect(decodeJwt(orders.accessToken)).toMatchObject({ aud: ORDERS, scope: 'read' });
    // The code redemption named the default resource, so that token came from the partition.
    expect(orders.partition).toBeNull();

    // Same scope, another resource: never the cached token of the default one.
    const billing = await idp.acquireTokenSilent(result.partition, result.account, silent(['read'], BILLING));
    expect(decodeJwt(billing.accessToken)).toMatchObject({ aud: BILLING, scope: 'read' });
    const next = billing.partition ?? '';
    const again = await idp.acquireTokenSilent(next, result.account, silent(['read'], BILLING));
    expect(again).toMatchObject({ accessToken: billing.accessToken, partition: null });
    const stillOrders = await idp.acquireTokenSilent(next, result.account, silent(['read']));
    expect(stillOrders).toMatchObject({ accessToken: orders.accessToken, partition: null });
  });

  it('turns a resource the grant does not cover (invalid_target) into an interaction', async () => {
    const idp = relyingParty({ resource: ORDERS });
    const { result } = await signIn(idp, []);
    const error = await idp
      .acquireTokenSilent(result.partition, result.account, silent(['read'], NOT_GRANTED))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect(error).toMatchObject({ interaction: { reason: 'invalid_target', scopes: ['read'] } });
  });

  it('sends Auth0-style audience (one API) when resourceParameter is "audience"', async () => {
    const idp = relyingParty({ resource: [ORDERS, BILLING], resourceParameter: 'audience' });
    const url = await idp.authorizationUrl({
      redirectUri: RP.redirectUri,
      state: 's',
      nonce: 'n',
      codeChallenge: 'c'.repeat(43),
      scopes: SCOPES,
      resources: [NOT_GRANTED],
    });
    expect(url.searchParams.getAll('audience')).toEqual([ORDERS]);
    expect(url.searchParams.has('resource')).toBe(false);
  });
});
