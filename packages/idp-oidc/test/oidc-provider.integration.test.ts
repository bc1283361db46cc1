import type { FetchLike } from '@identity-web/core/provider';
import { accountKeyFor, IdentityWebError, InteractionRequiredError } from '@identity-web/core/provider';
import { describeIdentityProviderContract } from '@identity-web/core/testing';
import { createOidcProvider, type OidcProviderOptions } from '@identity-web/oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './support/browser.js';
import { startSignIn } from './support/harness.js';
import { RP, type RunningOp, startOidcProvider } from './support/oidc-provider-server.js';

// End to end against a real OpenID provider (oidc-provider v9) on 127.0.0.1: no fakes between
// our code and a certified OP implementation.
let op: RunningOp;
beforeAll(async () => {
  op = await startOidcProvider();
});
afterAll(async () => {
  await op?.close();
});

const SCOPES = ['openid', 'profile', 'offline_access'];

function relyingParty(options: Partial<OidcProviderOptions> = {}) {
  return createOidcProvider({
    issuer: op.issuer,
    clientId: RP.clientId,
    clientSecret: RP.clientSecret,
    // oidc-provider accepts an http issuer; we allow http only because it is 127.0.0.1.
    allowInsecureRequests: true,
    timeoutMs: 5_000,
    ...options,
  });
}

const transaction = (idp: ReturnType<typeof relyingParty>) =>
  startSignIn(idp, SCOPES, { redirectUri: RP.redirectUri, prompt: 'consent' });

async function signIn(idp: ReturnType<typeof relyingParty>, browser = new Browser(), login = 'alice') {
  const t = await transaction(idp);
  const params = await browser.authorize(t.url, RP.redirectUri, login);
  return { browser, result: await idp.redeemCode({ ...t, params }) };
}

const silent = { scopes: ['openid'], forceRefresh: true, refreshSkewSeconds: 60 };

describe('oidc-provider v9 end to end', () => {
  it('signs in, refreshes with rotation, logs out, and verifies the back-channel logout token', async () => {
    const idp = relyingParty();
    const { browser, result } = await signIn(idp);
    expect(result.account).toMatchObject({ key: await accountKeyFor(op.issuer, 'alice'), subject: 'alice' });
    expect(result.sid).toBeTypeOf('string');
    const firstRt = JSON.parse(result.partition).rt;
    expect(firstRt).toBeTypeOf('string');

    const refreshed = await idp.acquireTokenSilent(result.partition, result.account, silent);
    const rotatedRt = JSON.parse(refreshed.partition ?? '').rt;
    expect(rotatedRt).not.toBe(firstRt);
    // oidc-provider treats reuse of a rotated refresh token as theft: this works only with the new one.
    const again = await idp.acquireTokenSilent(refreshed.partition ?? '', result.account, silent);
    expect(again.accessToken).not.toBe(refreshed.accessToken);

    const endSession = await idp.endSessionUrl({
      postLogoutRedirectUri: RP.postLogoutRedirectUri,
      state: 'logout-state-1',
      ...(result.idToken === undefined ? {} : { idTokenHint: result.idToken }),
    });
    expect(endSession).not.toBeNull();
    const before = op.logoutTokens.length;
    const landing = await browser.logout(endSession as URL);
    expect(`${landing.origin}${landing.pathname}`).toBe(RP.postLogoutRedirectUri);
    expect(landing.searchParams.get('state')).toBe('logout-state-1');

    expect(op.logoutTokens).toHaveLength(before + 1);
    const claims = await idp.verifyLogoutToken(op.logoutTokens.at(-1) ?? '');
    expect(claims).toMatchObject({ iss: op.issuer, sub: 'alice', sid: result.sid });
  });

  it('never redeems a code whose callback has a wrong "iss" (RFC 9207): the same code still works after', async () => {
    const idp = relyingParty();
    const t = await transaction(idp);
    const params = await new Browser().authorize(t.url, RP.redirectUri);
    expect(params.get('iss')).toBe(op.issuer);
    const forged = new URLSearchParams(params);
    forged.set('iss', `${op.issuer}/`);
    await expect(idp.redeemCode({ ...t, params: forged })).rejects.toMatchObject({ code: 'invalid_callback' });
    // Codes are single-use at the OP, so this proves the rejected callback sent nothing.
    await expect(idp.redeemCode({ ...t, params })).resolves.toHaveProperty('account');
  });

  it('revokes the refresh token (RFC 7009), after which refreshing needs the user', async () => {
    const idp = relyingParty();
    const { result } = await signIn(idp, new Browser(), 'bob');
    await idp.revoke?.(result.partition);
    const error = await idp.acquireTokenSilent(result.partition, result.account, silent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredError);
  });

  it('rejects a logout token meant for another client', async () => {
    const idp = relyingParty({ clientId: 'another-client' });
    const { result } = await signIn(relyingParty());
    const client = await op.provider.Client.find(RP.clientId);
    await client?.backchannelLogout(result.account.subject, result.sid ?? '');
    const error = await idp.verifyLogoutToken(op.logoutTokens.at(-1) ?? '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error).toMatchObject({ code: 'invalid_logout_token', message: expect.stringMatching(/"aud"/) });
  });

  describe('the shared IdentityProvider contract', () => {
    describeIdentityProviderContract('@identity-web/oidc against oidc-provider v9', async () => {
      const browser = new Browser();
      let tokenRequests = 0;
      let breakNextRefresh = false;
      // Counts token requests; can make the next refresh present an unknown refresh token so the
      // real OP answers invalid_grant.
      const fetch: FetchLike = (url, init) => {
        if (url === `${op.issuer}/token`) {
          tokenRequests++;
          const body = new URLSearchParams(init.body as URLSearchParams);
          if (breakNextRefresh && body.get('grant_type') === 'refresh_token') {
            breakNextRefresh = false;
            body.set('refresh_token', 'not-a-refresh-token-of-this-op');
            return globalThis.fetch(url, { ...init, body });
          }
        }
        return globalThis.fetch(url, init);
      };
      return {
        provider: relyingParty({ fetch }),
        redirectUri: RP.redirectUri,
        postLogoutRedirectUri: RP.postLogoutRedirectUri,
        signInScopes: SCOPES,
        tokenScopes: ['openid'],
        authorizationExtras: { prompt: 'consent' },
        authorize: (url) => browser.authorize(url, RP.redirectUri),
        tokenRequestCount: () => tokenRequests,
        failNextRefresh: () => {
          breakNextRefresh = true;
        },
        mintLogoutToken: async (signedIn) => {
          const client = await op.provider.Client.find(RP.clientId);
          await client?.backchannelLogout(signedIn.account.subject, signedIn.sid ?? '');
          return op.logoutTokens.at(-1) ?? '';
        },
      };
    });
  });
});
