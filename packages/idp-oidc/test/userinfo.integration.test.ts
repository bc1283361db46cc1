import type { FetchLike } from '@identity-web/core/provider';
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

  it.each(['auto', 'always'] as const)(
    'refuses the sign-in when UserInfo answers for another subject (OIDC Core §5.3.2), with userinfo: %s',
    async (userinfo) => {
      const { fetch } = recording((body) => ({ ...body, sub: 'mallory', name: 'Mallory' }));
      await expect(signIn({ fetch, userinfo })).rejects.toMatchObject({
        code: 'invalid_callback',
        status: 400,
        message: expect.stringContaining('names another subject than the ID token'),
      });
    },
  );

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

  it('keeps a "__proto__" key of a UserInfo body a dead letter: no claim comes from it', async () => {
    const planted = JSON.parse('{"__proto__":{"acr":"urn:mfa","amr":["mfa"],"roles":["admin"]}}') as object;
    const { fetch } = recording((body) => ({ ...body, ...planted }));
    const { account } = await signIn({ fetch });
    expect(account.name).toBe('Alice Example');
    const claims = account.claims as Record<string, unknown>;
    expect([claims.acr, claims.amr, claims.roles]).toEqual([undefined, undefined, undefined]);
  });
});

/** The RP's fetch, with UserInfo answered by `answer` instead of the provider. */
function failingUserInfo(answer: () => Response | Promise<Response>): FetchLike {
  return async (url, init) => (new URL(url).pathname === '/me' ? answer() : globalThis.fetch(url, init));
}

const UNAUTHORIZED = () =>
  new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });

describe("a UserInfo request that fails, with userinfo: 'auto'", () => {
  it.each([
    [
      'refuses the token with a challenge (401)',
      UNAUTHORIZED,
      'refused',
      'refused the access token of the sign-in (HTTP 401)',
    ],
    ['refuses it without one (403)', () => new Response(null, { status: 403 }), 'refused', 'HTTP 403'],
    ['answers 500', () => new Response(null, { status: 500 }), 'unavailable', 'HTTP 500'],
    ['answers 503', () => new Response(null, { status: 503 }), 'unavailable', 'HTTP 503'],
    [
      'times out',
      () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      'unavailable',
      'UserInfo failed: http://',
    ],
    [
      'answers a body that does not parse',
      () => new Response('{"sub": ', { status: 200, headers: { 'content-type': 'application/json' } }),
      'invalid_response',
      'UserInfo failed',
    ],
    [
      'answers another content type',
      () => new Response('<html>sign in</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      'invalid_response',
      'UserInfo failed',
    ],
  ] as const)(
    'signs the user in with the ID token’s claims and one warning when it %s',
    async (_, answer, reason, cause) => {
      const result = await signIn({ fetch: failingUserInfo(answer) });
      expect(result.account.subject).toBe('alice');
      expect(result.account.name).toBeUndefined(); // the profile claims were in UserInfo only
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings?.[0]).toMatchObject({ step: 'userinfo', reason, detail: expect.stringContaining(cause) });
      // The cause and the fix, never the token.
      expect(result.warnings?.[0]?.detail).toMatch(
        /^UserInfo failed: .*; signed in with the ID token's claims alone: .*"userinfo: false"/,
      );
    },
  );

  it('gives no warning when UserInfo answers', async () => {
    const { fetch } = recording();
    expect((await signIn({ fetch })).warnings).toBeUndefined();
  });
});

describe("a UserInfo request that fails, with userinfo: 'always'", () => {
  it('fails the sign-in, saying how to do without it (a 500 is "try again later")', async () => {
    await expect(
      signIn({ fetch: failingUserInfo(() => new Response(null, { status: 500 })), userinfo: 'always' }),
    ).rejects.toMatchObject({
      code: 'idp_unavailable',
      message: expect.stringMatching(/^UserInfo failed: .*"userinfo: 'auto'" signs in without it when it fails$/),
    });
  });

  it('says the access token was refused when UserInfo answers 401 with a challenge', async () => {
    await expect(signIn({ fetch: failingUserInfo(UNAUTHORIZED), userinfo: 'always' })).rejects.toMatchObject({
      code: 'idp_error',
      message: expect.stringContaining('the provider refused the access token of the sign-in (HTTP 401)'),
    });
  });

  it('fails with idp_unavailable (503) when UserInfo times out', async () => {
    const timeout = () => Promise.reject(new DOMException('timed out', 'TimeoutError'));
    await expect(signIn({ fetch: failingUserInfo(timeout), userinfo: 'always' })).rejects.toMatchObject({
      code: 'idp_unavailable',
      status: 503,
    });
  });
});
