import { ErrorCode, InteractionRequiredError } from '@identity-web/core/provider';
import { FAKE_ENTRA, FakeEntra, makeUser } from '@identity-web/msal/testing';
import { describe, expect, it } from 'vitest';
import { accountsIn, aged, entities, provider, signIn, silent, useMsw } from './support/harness.js';

const server = useMsw();

async function signedIn(expiresIn = 3599) {
  const entra = new FakeEntra();
  entra.expiresIn = expiresIn;
  server.use(...entra.handlers());
  const idp = provider();
  const user = makeUser(5);
  const result = await signIn(idp, entra, user);
  return { entra, idp, user, ...result };
}

describe('acquireTokenSilent', () => {
  it('serves a fresh cached token from the partition without a request, and reports the partition unchanged', async () => {
    const { entra, idp, account, partition } = await signedIn();
    const before = entra.tokenRequests.length;
    const result = await idp.acquireTokenSilent(partition, account, silent());
    expect(entra.tokenRequests).toHaveLength(before);
    expect(result.partition).toBeNull();
    expect(entra.accessTokenOwner(result.accessToken)).toBe(account.key);
    expect(result.tokenType).toBe('Bearer');
    expect(result.scopes).toContain(FAKE_ENTRA.graphRead);
    // expires_in 3599 from the time of the request, in epoch milliseconds.
    expect(result.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    expect(result.expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it('refreshes with the partition’s refresh token, X-AnchorMailbox and client_info, and returns the new partition', async () => {
    const { entra, idp, user, account, partition } = await signedIn();
    const oldRefreshToken = entities(partition).RefreshToken?.[0]?.secret;
    const result = await idp.acquireTokenSilent(partition, account, silent({ forceRefresh: true }));

    const request = entra.tokenRequests.at(-1);
    expect(request?.body.get('grant_type')).toBe('refresh_token');
    expect(request?.body.get('refresh_token')).toBe(oldRefreshToken);
    expect(request?.headers.get('x-anchormailbox')).toBe(`Oid:${user.oid}@${user.tid}`);
    expect(result.partition).not.toBeNull();
    const rotated = entities(result.partition ?? '{}').RefreshToken;
    expect(rotated).toHaveLength(1);
    expect(rotated?.[0]?.secret).not.toBe(oldRefreshToken);
    expect(accountsIn(result.partition ?? '{}')).toEqual(new Set([user.homeAccountId]));
  });

  it('serves a 200 s token for three quarters of its life, where msal alone refreshes within 300 s of expiry', async () => {
    const { entra, idp, account, partition } = await signedIn(200);
    const before = entra.tokenRequests.length;
    const first = await idp.acquireTokenSilent(partition, account, silent());
    // 60 s of 200 left: msal's fixed window would refresh; a quarter of the lifetime (50 s) does not.
    const kept = await idp.acquireTokenSilent(aged(partition, 140), account, silent());
    expect(entra.tokenRequests.length).toBe(before);
    expect(kept).toMatchObject({ accessToken: first.accessToken, partition: null });
    expect(kept.issuedAt).toBeLessThan(kept.expiresAt);
    // msal-node stamps `cached_at` and `expires_on` in whole seconds from two readings of the
    // clock: a second that turns between them makes the lifetime read one second short.
    expect(kept.expiresAt - kept.issuedAt!).toBeGreaterThanOrEqual(199_000);
    expect(kept.expiresAt - kept.issuedAt!).toBeLessThanOrEqual(200_000);
    // 40 s left: inside the margin, refreshed.
    const refreshed = await idp.acquireTokenSilent(aged(partition, 160), account, silent());
    expect(entra.tokenRequests.length).toBe(before + 1);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.partition).not.toBeNull();
  });

  it('honours a refresh skew wider than msal’s own, up to a quarter of the lifetime', async () => {
    const { entra, idp, account, partition } = await signedIn(3599);
    const before = entra.tokenRequests.length;
    // 599 s of 3599 left: msal would serve it; the margin, min(1800, 3599 / 4), is 900 s.
    const older = aged(partition, 3000);
    const kept = await idp.acquireTokenSilent(older, account, silent({ refreshSkewSeconds: 500 }));
    expect(entra.tokenRequests.length).toBe(before);
    expect(kept.partition).toBeNull();
    const refreshed = await idp.acquireTokenSilent(older, account, silent({ refreshSkewSeconds: 1800 }));
    expect(entra.tokenRequests.length).toBe(before + 1);
    expect(refreshed.partition).not.toBeNull();
  });

  it('returns the cached token but the refreshed partition once refresh_on has passed (refresh_in)', async () => {
    const { entra, idp, account, partition } = await signedIn();
    const cache = JSON.parse(partition);
    for (const at of Object.values(cache.AccessToken) as Record<string, string>[]) {
      at.refresh_on = String(Math.floor(Date.now() / 1000) - 1);
    }
    const before = entra.tokenRequests.length;
    const result = await idp.acquireTokenSilent(JSON.stringify(cache), account, silent());
    expect(entra.tokenRequests.length).toBe(before + 1);
    expect(result.partition).not.toBeNull();
    const fresh = await idp.acquireTokenSilent(result.partition ?? '', account, silent());
    expect(fresh.accessToken).not.toBe(result.accessToken);
    expect(entra.tokenRequests.length).toBe(before + 1);
  });

  it('gets a token for another resource with the refresh token, adding it to the partition', async () => {
    const { entra, idp, account, partition } = await signedIn();
    const result = await idp.acquireTokenSilent(partition, account, silent({ scopes: ['api://orders/read'] }));
    expect(entra.tokenRequests.at(-1)?.body.get('scope')?.split(' ')).toContain('api://orders/read');
    expect(entities(result.partition ?? '{}').AccessToken).toHaveLength(2);
  });

  it('sends a claims request with the refresh, bypassing the cache', async () => {
    const { entra, idp, account, partition } = await signedIn();
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    await idp.acquireTokenSilent(partition, account, silent({ claims }));
    const sent = JSON.parse(entra.tokenRequests.at(-1)?.body.get('claims') ?? '{}');
    expect(sent).toMatchObject(JSON.parse(claims));
  });

  it('asks for interaction when the account is not in the partition', async () => {
    const { idp, account, partition } = await signedIn();
    const error = await idp
      .acquireTokenSilent(partition, { ...account, key: 'someone.else' }, silent())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect(error).toMatchObject({
      status: 401,
      interaction: { scopes: [FAKE_ENTRA.graphRead], reason: 'no_tokens_found' },
    });
  });

  it('asks for interaction when the partition is unreadable', async () => {
    const { idp, account } = await signedIn();
    await expect(idp.acquireTokenSilent('{not json', account, silent())).rejects.toMatchObject({
      code: ErrorCode.InteractionRequired,
    });
  });
});
