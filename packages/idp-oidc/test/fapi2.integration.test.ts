import type { FetchLike, TokenResult } from '@identity-web/core/provider';
import { createOidcProvider, dpopBinding, type OidcProviderOptions, privateKeyJwt } from '@identity-web/oidc';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './support/browser.js';
import { startSignIn } from './support/harness.js';
import { FAPI_CLIENT_ID, RP, type RunningOp, startOidcProvider } from './support/oidc-provider-server.js';

// Against a real oidc-provider v9 in its FAPI 2.0 profile: pushed authorization requests required,
// DPoP with a server nonce at every endpoint (token, UserInfo), private_key_jwt, ES256 ID tokens.
let op: RunningOp;
beforeAll(async () => {
  op = await startOidcProvider({ fapi: true });
});
afterAll(async () => {
  await op?.close();
});

const SCOPES = ['openid', 'profile', 'offline_access'];

interface Sent {
  readonly url: string;
  readonly dpop: string | null;
  readonly body: URLSearchParams;
  readonly status: number;
}

/** The FAPI client, recording what it sends to the OP. */
function relyingParty(options: Partial<OidcProviderOptions> = {}) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    const response = await globalThis.fetch(url, init);
    const headers = new Headers(init.headers);
    const body = new URLSearchParams(init.body instanceof URLSearchParams ? init.body : undefined);
    sent.push({ url, dpop: headers.get('dpop'), body, status: response.status });
    return response;
  };
  const idp = createOidcProvider({
    issuer: op.issuer,
    clientId: FAPI_CLIENT_ID,
    clientAuth: privateKeyJwt([op.fapiClientKey as never]),
    profile: 'fapi2',
    dpop: dpopBinding(),
    allowInsecureRequests: true,
    timeoutMs: 5_000,
    fetch,
    ...options,
  });
  return { idp, sent };
}

async function signIn(idp: ReturnType<typeof relyingParty>['idp'], browser = new Browser(), login = 'alice') {
  const t = await startSignIn(idp, SCOPES, { redirectUri: RP.redirectUri, prompt: 'consent' });
  const params = await browser.authorize(t.url, RP.redirectUri, login);
  const result = await idp.redeemCode({ ...t, params });
  return { url: t.url, params, browser, result };
}

const silent = { scopes: ['openid'], forceRefresh: true, refreshSkewSeconds: 60 };

/** GET UserInfo, a resource server of the OP, with the token as `scheme`, and a proof when given one. */
async function userinfo(token: TokenResult, scheme: 'DPoP' | 'Bearer', nonce?: string) {
  const url = `${op.issuer}/me`;
  const headers = new Headers({ authorization: `${scheme} ${token.accessToken}` });
  if (token.dpop !== undefined && scheme === 'DPoP') {
    headers.set(
      'dpop',
      await token.dpop.proof({
        method: 'GET',
        url,
        accessToken: token.accessToken,
        ...(nonce !== undefined && { nonce }),
      }),
    );
  }
  return fetch(url, { headers });
}

function proofClaims(sent: Sent) {
  expect(sent.dpop).toBeTypeOf('string');
  return { header: decodeProtectedHeader(sent.dpop ?? ''), claims: decodeJwt(sent.dpop ?? '') };
}

describe('FAPI 2.0 against oidc-provider (PAR required, DPoP with nonces, private_key_jwt)', () => {
  it('pushes the authorization request: the browser carries only client_id and request_uri', async () => {
    const { idp, sent } = relyingParty();
    const { url, params } = await signIn(idp);
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    const pushed = sent.find((s) => s.url === `${op.issuer}/request`);
    expect(pushed?.body.get('code_challenge_method')).toBe('S256');
    expect(pushed?.body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    // RFC 9207: the OP says who answered, and FAPI 2.0 requires it.
    expect(params.get('iss')).toBe(op.issuer);
  });

  it("redeems the code with a DPoP proof, answering the token endpoint's nonce challenge once", async () => {
    const { idp, sent } = relyingParty();
    const { result } = await signIn(idp);
    const redemptions = sent.filter((s) => s.url === `${op.issuer}/token`);
    expect(redemptions.map((s) => s.status)).toEqual([400, 200]);
    const [first, second] = redemptions.map(proofClaims);
    expect(first?.claims.nonce).toBeUndefined();
    expect(second?.claims.nonce).toBeTypeOf('string');
    expect(second?.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(second?.claims).toMatchObject({ htm: 'POST', htu: `${op.issuer}/token` });
    // The key is the account's, sealed in its partition, and the ID token is ES256 (FAPI 2.0).
    const partition = JSON.parse(result.partition);
    expect(partition.dk).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
    expect(second?.header.jwk).toEqual({ kty: 'EC', crv: 'P-256', x: partition.dk.x, y: partition.dk.y });
    expect(decodeProtectedHeader(result.idToken ?? '').alg).toBe('ES256');
    expect(Object.values(partition.at as Record<string, { y: string }>)[0]?.y).toBe('DPoP');
  });

  it('refreshes with the same key, keeps the rotated refresh token, and any instance can do it', async () => {
    const { idp, sent } = relyingParty();
    const { result } = await signIn(idp);
    const first = JSON.parse(result.partition);
    // Another instance: nothing shared but the partition (no nonce memory either).
    const other = relyingParty();
    const refreshed = await other.idp.acquireTokenSilent(result.partition, result.account, silent);
    expect(refreshed.tokenType).toBe('DPoP');
    const next = JSON.parse(refreshed.partition ?? '');
    expect(next.rt).not.toBe(first.rt);
    expect(next.dk).toEqual(first.dk);
    const refresh = other.sent.filter((s) => s.body.get('grant_type') === 'refresh_token');
    expect(refresh.map((s) => s.status)).toEqual([400, 200]);
    const jkt = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: first.dk.x, y: first.dk.y });
    expect(await calculateJwkThumbprint(proofClaims(refresh[1] as Sent).header.jwk as never)).toBe(jkt);
    // The rotated refresh token works (oidc-provider takes reuse of the old one as theft).
    const again = await idp.acquireTokenSilent(refreshed.partition ?? '', result.account, silent);
    expect(again.accessToken).not.toBe(refreshed.accessToken);
    // The first instance kept the token endpoint's nonce from the redemption: no refusal first.
    const own = sent.filter((s) => s.body.get('grant_type') === 'refresh_token');
    expect(own.map((s) => s.status)).toEqual([200]);
    expect(proofClaims(own[0] as Sent).claims.nonce).toBeTypeOf('string');
  });

  it('proves the token at a resource server: a nonce challenge answered, and the token is nothing without its key', async () => {
    const { idp } = relyingParty();
    const { result } = await signIn(idp);
    const token = await idp.acquireTokenSilent(result.partition, result.account, silent);
    expect(token.dpop).toBeDefined();
    // Replayed as a Bearer token (stolen, without the key): refused.
    const stolen = await userinfo(token, 'Bearer');
    expect(stolen.status).toBe(401);
    // With a proof but no nonce: the RS asks for one (RFC 9449 §9) and says which.
    const challenged = await userinfo(token, 'DPoP');
    expect(challenged.status).toBe(401);
    expect(challenged.headers.get('www-authenticate')).toMatch(/^DPoP .*error="use_dpop_nonce"/);
    const nonce = challenged.headers.get('dpop-nonce') ?? '';
    expect(nonce).not.toBe('');
    const answered = await userinfo(token, 'DPoP', nonce);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ sub: 'alice' });
  });

  it("binds the app's own tokens (client credentials) to a key of the app partition", async () => {
    const { idp, sent } = relyingParty();
    const request = { scopes: ['openid'], forceRefresh: false, refreshSkewSeconds: 60 };
    const first = await idp.acquireTokenForApp(null, request);
    expect(first.tokenType).toBe('DPoP');
    expect(first.dpop).toBeDefined();
    const partition = JSON.parse(first.partition ?? '');
    expect(partition.dk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    // A new token for the same partition is proved with the same key.
    const again = await idp.acquireTokenForApp(first.partition, { ...request, forceRefresh: true });
    expect(JSON.parse(again.partition ?? '').dk).toEqual(partition.dk);
    const grants = sent.filter((s) => s.body.get('grant_type') === 'client_credentials' && s.status === 200);
    const [a, b] = grants.map((s) => proofClaims(s).header.jwk);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ x: partition.dk.x });
  });

  it('refuses an ID token signed with an algorithm FAPI 2.0 does not allow (RS256)', async () => {
    const { idp } = relyingParty({ clientId: `${FAPI_CLIENT_ID}-rs256` });
    await expect(signIn(idp)).rejects.toMatchObject({
      code: 'invalid_callback',
      status: 400,
      message: 'the ID token failed validation: its "alg" is not one of the allowed algorithms',
    });
  });

  it('signs out: RP-initiated logout, then an ES256 logout token verified under the FAPI algorithms', async () => {
    const { idp } = relyingParty();
    const { result, browser } = await signIn(idp, new Browser(), 'bob');
    const endSession = await idp.endSessionUrl({
      postLogoutRedirectUri: RP.postLogoutRedirectUri,
      state: 'fapi-logout',
      ...(result.idToken !== undefined && { idTokenHint: result.idToken }),
    });
    const before = op.logoutTokens.length;
    const landing = await browser.logout(endSession as URL);
    expect(landing.searchParams.get('state')).toBe('fapi-logout');
    expect(op.logoutTokens).toHaveLength(before + 1);
    const logoutToken = op.logoutTokens.at(-1) ?? '';
    expect(decodeProtectedHeader(logoutToken).alg).toBe('ES256');
    await expect(idp.verifyLogoutToken(logoutToken)).resolves.toMatchObject({ sub: 'bob', sid: result.sid });
  });
});
