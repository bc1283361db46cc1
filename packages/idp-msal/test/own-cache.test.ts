import { FakeEntra, makeUser } from '@identity-web/msal/testing';
import { describe, expect, it } from 'vitest';
import { aged, provider, signIn, silent, useMsw } from './support/harness.js';

const server = useMsw();

/** The partition with each access token changed by `change`. */
function edit(partition: string, change: (at: Record<string, string>) => void): string {
  const cache = JSON.parse(partition) as { AccessToken: Record<string, Record<string, string>> };
  for (const at of Object.values(cache.AccessToken)) change(at);
  return JSON.stringify(cache);
}

/**
 * A 200 s token with 60 s left: msal alone would refresh it (its fixed 300 s window), the core's
 * rule serves it (a quarter of 200 s is 50 s). Served without a request only when it is exactly
 * this account's, this app's Bearer token for these scopes.
 */
async function signedIn() {
  const entra = new FakeEntra();
  entra.expiresIn = 200;
  server.use(...entra.handlers());
  const idp = provider();
  const { account, partition } = await signIn(idp, entra, makeUser(7));
  return { entra, idp, account, partition: aged(partition, 140) };
}

describe("the provider's own look into msal's cache", () => {
  it('serves this account’s token for these scopes without a request', async () => {
    const { entra, idp, account, partition } = await signedIn();
    const before = entra.tokenRequests.length;
    const result = await idp.acquireTokenSilent(partition, account, silent());
    expect(entra.tokenRequests.length).toBe(before);
    expect(result.partition).toBeNull();
  });

  const now = () => String(Math.floor(Date.now() / 1000));
  it.each([
    ['another tenant', (at: Record<string, string>) => (at.realm = '00000000-0000-0000-0000-000000000000')],
    ['another account', (at: Record<string, string>) => (at.home_account_id = 'someone.else')],
    ['another app', (at: Record<string, string>) => (at.client_id = 'another-client')],
    ['another credential type', (at: Record<string, string>) => (at.credential_type = 'AccessToken_With_AuthScheme')],
    ['a proof-of-possession token', (at: Record<string, string>) => (at.token_type = 'pop')],
    ['other scopes', (at: Record<string, string>) => (at.target = 'https://graph.microsoft.com/Mail.Read')],
    ['a cached_at in the future', (at: Record<string, string>) => (at.cached_at = String(Number(now()) + 60))],
    [
      'a cached_at after its expiry',
      (at: Record<string, string>) => (at.cached_at = String(Number(at.expires_on) + 10)),
    ],
    ['a passed refresh_on', (at: Record<string, string>) => (at.refresh_on = String(Number(now()) - 1))],
  ])('leaves a token of %s to msal, which refreshes it', async (_, change) => {
    const { entra, idp, account, partition } = await signedIn();
    const before = entra.tokenRequests.length;
    const result = await idp.acquireTokenSilent(edit(partition, change), account, silent());
    expect(entra.tokenRequests.length).toBe(before + 1);
    expect(result.partition).not.toBeNull();
  });
});

describe('cachedToken', () => {
  it('gives what the own look serves, and null for what it leaves to msal, without a request', async () => {
    const { entra, idp, account, partition } = await signedIn();
    const before = entra.tokenRequests.length;
    expect(await idp.cachedToken!(partition, account, silent())).toMatchObject({ partition: null });
    expect(await idp.cachedToken!(aged(partition, 20), account, silent())).toBeNull(); // 40 s of 200 left
    expect(await idp.cachedToken!(partition, account, silent({ forceRefresh: true }))).toBeNull();
    expect(await idp.cachedToken!('not json', account, silent())).toBeNull();
    expect(entra.tokenRequests.length).toBe(before);
  });
});
