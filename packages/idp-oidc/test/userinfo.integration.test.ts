import type { FetchLike } from '@identity-web/core';
import { createOidcProvider, type OidcProviderOptions } from '@identity-web/oidc';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './support/browser.js';
import { RP, type RunningOp, startOidcProvider } from './support/oidc-provider-server.js';

// Against a real oidc-provider whose profile and email claims are in UserInfo only (its default
// `conformIdTokenClaims` for a code flow), as several providers in the field do.
let op: RunningOp;
beforeAll(async () => {
  op = await startOidcProvider({ profileClaims: true });
});
afterAll(async () => {
  await op?.close();
});

/** The RP's fetch, counting UserInfo calls and letting a test rewrite the UserInfo answer. */
function recording(rewrite?: (body: Record<string, unknown>) => Record<string, unknown>) {
  const calls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    const response = await globalThis.fetch(url, init);
    if (new URL(url).pathname !== '/me') return response;
    calls.push(url);
    if (rewrite === undefined) return response;
    const body = rewrite((await response.json()) as Record<string, unknown>);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetch };
}

async function signIn(options: Partial<OidcProviderOptions>, scopes = ['openid', 'profile', 'email'], login = 'alice') {
  const idp = createOidcProvider({
    issuer: op.issuer,
    clientId: RP.clientId,
    clientSecret: RP.clientSecret,
    allowInsecureRequests: true,
    timeoutMs: 5_000,
    ...options,
  });
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const url = await idp.authorizationUrl({ redirectUri: RP.redirectUri, state, nonce, codeChallenge, scopes });
  const params = await new Browser().authorize(url, RP.redirectUri, login);
  return idp.redeemCode({ params, state, nonce, codeVerifier, scopes, redirectUri: RP.redirectUri });
}

describe('UserInfo claims', () => {
  it('reads the name and email from UserInfo when the ID token has none of them (once)', async () => {
    const { calls, fetch } = recording();
    const { account } = await signIn({ fetch });
    expect(calls).toHaveLength(1);
    expect(account).toMatchObject({ subject: 'alice', name: 'Alice Example', username: 'alice@example.com' });
    expect(account.claims).toMatchObject({ email: 'alice@example.com', email_verified: true });
  });

  it('with userinfo: false, does not ask: the user stays nameless', async () => {
    const { calls, fetch } = recording();
    const { account } = await signIn({ fetch, userinfo: false });
    expect(calls).toHaveLength(0);
    expect(account.name).toBeUndefined();
  });

  it("'auto' does not ask when no profile-like scope was granted; 'always' does", async () => {
    const auto = recording();
    await signIn({ fetch: auto.fetch }, ['openid']);
    expect(auto.calls).toHaveLength(0);
    const always = recording();
    const { account } = await signIn({ fetch: always.fetch, userinfo: 'always' }, ['openid']);
    expect(always.calls).toHaveLength(1);
    expect(account.subject).toBe('alice');
  });

  it('refuses the sign-in when UserInfo answers for another subject (OIDC Core §5.3.2)', async () => {
    const { fetch } = recording((body) => ({ ...body, sub: 'mallory', name: 'Mallory' }));
    await expect(signIn({ fetch })).rejects.toMatchObject({
      code: 'invalid_callback',
      status: 400,
      message: expect.stringContaining('names another subject than the ID token'),
    });
  });

  it('never lets UserInfo state what only the ID token may: sid, acr, auth_time; the ID token wins a shared name', async () => {
    const { fetch } = recording((body) => ({
      ...body,
      sid: 'planted-sid',
      acr: 'urn:planted',
      auth_time: 1,
      iss: 'x',
    }));
    const result = await signIn({ fetch });
    expect(result.sid).not.toBe('planted-sid');
    expect(result.account.claims?.sid).toBe(result.sid);
    expect(result.account.claims?.acr).toBeUndefined();
    expect(result.account.claims?.auth_time).not.toBe(1);
    expect(result.account.issuer).toBe(op.issuer);
  });

  it('fails a sign-in whose UserInfo call fails, saying how to do without it', async () => {
    const fetch: FetchLike = async (url, init) =>
      new URL(url).pathname === '/me' ? new Response(null, { status: 500 }) : globalThis.fetch(url, init);
    await expect(signIn({ fetch })).rejects.toMatchObject({
      code: 'idp_error',
      message: expect.stringMatching(/^UserInfo failed: .*"userinfo: false" signs in without it$/),
    });
  });

  it('keeps a "__proto__" key of a UserInfo body a dead letter: no claim comes from it', async () => {
    const planted = JSON.parse('{"__proto__":{"acr":"urn:mfa","amr":["mfa"],"roles":["admin"]}}') as object;
    const { fetch } = recording((body) => ({ ...body, ...planted }));
    const { account } = await signIn({ fetch });
    expect(account.name).toBe('Alice Example');
    const claims = account.claims as Record<string, unknown>;
    expect([claims.acr, claims.amr, claims.roles]).toEqual([undefined, undefined, undefined]);
  });

  it('says the access token was refused when UserInfo answers 401 with a challenge', async () => {
    const fetch: FetchLike = async (url, init) =>
      new URL(url).pathname === '/me'
        ? new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
        : globalThis.fetch(url, init);
    await expect(signIn({ fetch })).rejects.toMatchObject({
      code: 'idp_error',
      message: expect.stringContaining('the provider refused the access token of the sign-in (HTTP 401)'),
    });
  });
});
