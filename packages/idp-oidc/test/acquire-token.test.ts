import { IdentityWebError, InteractionRequiredError, type SilentTokenRequest } from '@identity-web/core/provider';
import { ManualClock } from '@identity-web/core/testing';
import type { OidcProviderOptions } from '@identity-web/oidc';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { caught, newProvider, signIn, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

function request(extra: Partial<SilentTokenRequest> = {}): SilentTokenRequest {
  return { scopes: ['api.read'], forceRefresh: false, refreshSkewSeconds: 300, ...extra };
}

async function signedIn(options: Partial<OidcProviderOptions> = {}) {
  const provider = newProvider(options);
  const result = await signIn(provider, idp);
  const tokenCallsAtSignIn = idp.counts.token;
  return { provider, ...result, tokenCallsAtSignIn };
}

describe('cachedToken', () => {
  it('gives the partition’s token while it is not yet due, then null, never asking the provider', async () => {
    const clock = new ManualClock(Date.now());
    const { provider, account, partition, tokenCallsAtSignIn } = await signedIn({ clock });
    const served = await provider.cachedToken!(partition, account, request());
    expect(served).toMatchObject({ accessToken: expect.stringMatching(/^at-/), partition: null });
    expect(served!.expiresAt - served!.issuedAt!).toBe(3600_000);
    expect(await provider.cachedToken!(partition, account, request({ forceRefresh: true }))).toBeNull();
    expect(await provider.cachedToken!(partition, account, request({ claims: '{}' }))).toBeNull();
    expect(await provider.cachedToken!(partition, account, request({ scopes: ['api.write'] }))).toBeNull();
    clock.advance((3600 - 299) * 1000); // inside min(300 s, 900 s) of expiry
    expect(await provider.cachedToken!(partition, account, request())).toBeNull();
    expect(idp.counts.token).toBe(tokenCallsAtSignIn);
  });

  it('refuses a partition of another account', async () => {
    const { provider, account, partition } = await signedIn();
    const other = { ...account, subject: 'someone-else' };
    await expect(provider.cachedToken!(partition, other, request())).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});

describe('acquireTokenSilent', () => {
  it('answers a fresh token from the partition, without the network, and reports no change', async () => {
    const { provider, account, partition, tokenCallsAtSignIn } = await signedIn();
    const result = await provider.acquireTokenSilent(partition, account, request({ scopes: ['openid', 'api.read'] }));
    expect(result.partition).toBeNull();
    expect(result.accessToken).toMatch(/^at-/);
    expect(result.tokenType).toBe('Bearer');
    expect(idp.counts.token).toBe(tokenCallsAtSignIn);
    expect(idp.counts.discovery).toBe(1);
  });

  it('refreshes a token that entered the refresh window, asking for exactly the requested scopes', async () => {
    const clock = new ManualClock(Date.now());
    const { provider, account, partition } = await signedIn({ clock });
    clock.advance((3600 - 299) * 1000);
    const result = await provider.acquireTokenSilent(partition, account, request());
    expect(result.partition).not.toBeNull();
    const call = idp.tokenCalls.at(-1);
    expect(call?.get('grant_type')).toBe('refresh_token');
    expect(call?.get('refresh_token')).toBe(JSON.parse(partition).rt);
    expect(call?.get('scope')).toBe('api.read');
  });

  it('keeps the rotated refresh token: a second refresh uses the new one', async () => {
    const { provider, account, partition } = await signedIn();
    const first = await provider.acquireTokenSilent(partition, account, request({ forceRefresh: true }));
    const rotated = JSON.parse(first.partition ?? '').rt;
    expect(rotated).not.toBe(JSON.parse(partition).rt);
    // The fake spends refresh tokens on use: this only succeeds with the rotated one.
    await provider.acquireTokenSilent(first.partition ?? '', account, request({ forceRefresh: true }));
    expect(idp.tokenCalls.at(-1)?.get('refresh_token')).toBe(rotated);
  });

  it('keeps the old refresh token when the provider does not rotate', async () => {
    const { provider, account, partition } = await signedIn();
    idp.overrides.token = () => HttpResponse.json({ access_token: 'at-x', token_type: 'Bearer', expires_in: 60 });
    const result = await provider.acquireTokenSilent(partition, account, request({ forceRefresh: true }));
    expect(JSON.parse(result.partition ?? '').rt).toBe(JSON.parse(partition).rt);
  });

  it('accepts a JSON token response served with a wrong content type (oauth4webapi interop)', async () => {
    const { provider, account, partition } = await signedIn();
    const body = JSON.stringify({ access_token: 'at-plain', token_type: 'Bearer', expires_in: 60 });
    idp.overrides.token = () => new HttpResponse(body, { headers: { 'content-type': 'text/plain' } });
    await expect(
      provider.acquireTokenSilent(partition, account, request({ forceRefresh: true })),
    ).resolves.toMatchObject({
      accessToken: 'at-plain',
    });
  });

  it('caches a token per resource, next to the others', async () => {
    const { provider, account, partition } = await signedIn();
    const other = await provider.acquireTokenSilent(partition, account, request({ scopes: ['graph.read'] }));
    expect(idp.tokenCalls.at(-1)?.get('scope')).toBe('graph.read');
    const next = other.partition ?? '';
    expect(Object.keys(JSON.parse(next).at).sort()).toEqual(['api.read', 'graph.read']);
    const calls = idp.counts.token;
    const again = await provider.acquireTokenSilent(next, account, request({ scopes: ['graph.read'] }));
    expect(again).toMatchObject({ accessToken: other.accessToken, partition: null });
    expect(idp.counts.token).toBe(calls);
  });

  it('files a token under what was granted when the provider grants less than asked', async () => {
    const { provider, account, partition } = await signedIn();
    idp.overrides.token = () =>
      HttpResponse.json({ access_token: 'at-less', token_type: 'Bearer', expires_in: 60, scope: 'a' });
    const result = await provider.acquireTokenSilent(partition, account, request({ scopes: ['a', 'b'] }));
    expect(JSON.parse(result.partition ?? '').at).toHaveProperty('a');
    expect(JSON.parse(result.partition ?? '').at).not.toHaveProperty('a b');
  });

  it('turns invalid_grant into InteractionRequiredError carrying the scopes', async () => {
    const { provider, account, partition } = await signedIn();
    idp.failNextRefresh = 'invalid_grant';
    const error = await caught(provider.acquireTokenSilent(partition, account, request({ forceRefresh: true })));
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect((error as unknown as InteractionRequiredError).interaction).toMatchObject({
      scopes: ['api.read'],
      reason: 'invalid_grant',
    });
    expect(error.status).toBe(401);
  });

  it('turns invalid_scope (a scope the grant does not cover yet) into InteractionRequiredError', async () => {
    const { provider, account, partition } = await signedIn();
    idp.overrides.token = () => HttpResponse.json({ error: 'invalid_scope' }, { status: 400 });
    const error = await caught(provider.acquireTokenSilent(partition, account, request({ scopes: ['api.write'] })));
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect((error as unknown as InteractionRequiredError).interaction).toMatchObject({
      scopes: ['api.write'],
      reason: 'invalid_scope',
    });
  });

  it('passes a claims challenge on and back (consent or conditional access)', async () => {
    const { provider, account, partition } = await signedIn();
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    idp.overrides.token = () => HttpResponse.json({ error: 'interaction_required', claims }, { status: 400 });
    const error = await caught(provider.acquireTokenSilent(partition, account, request({ claims })));
    expect(idp.tokenCalls.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect((error as unknown as InteractionRequiredError).interaction.claims).toBe(claims);
  });

  it('needs the user when the partition has no refresh token, without calling the provider', async () => {
    const { provider, account, partition } = await signedIn();
    const { rt: _, ...noRefresh } = JSON.parse(partition);
    const calls = idp.counts.token;
    const error = await caught(
      provider.acquireTokenSilent(JSON.stringify(noRefresh), account, request({ forceRefresh: true })),
    );
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect(idp.counts.token).toBe(calls);
  });

  it('needs the user when the partition is unreadable', async () => {
    const { provider, account } = await signedIn();
    for (const bad of ['', 'not json', '{"v":2}', '{"v":1,"iss":"x"}']) {
      await expect(provider.acquireTokenSilent(bad, account, request())).rejects.toBeInstanceOf(
        InteractionRequiredError,
      );
    }
  });

  it('refuses a partition that belongs to another account', async () => {
    const { provider, partition } = await signedIn();
    const other = await signIn(provider, idp, { sub: 'mallory' });
    const error = await caught(provider.acquireTokenSilent(partition, other.account, request()));
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error).not.toBeInstanceOf(InteractionRequiredError);
    expect(error.message).toContain('another account');
  });

  it('refuses a refreshed ID token naming another subject (OIDC Core 1.0 §12.2)', async () => {
    const { provider, account, partition } = await signedIn();
    const idToken = await idp.idToken({ sub: 'mallory' });
    idp.overrides.token = () =>
      HttpResponse.json({ access_token: 'at-y', token_type: 'Bearer', expires_in: 60, id_token: idToken });
    const error = await caught(provider.acquireTokenSilent(partition, account, request({ forceRefresh: true })));
    expect(error).toMatchObject({
      code: 'idp_error',
      status: 502,
      message: expect.stringContaining('another subject'),
    });
  });
});
