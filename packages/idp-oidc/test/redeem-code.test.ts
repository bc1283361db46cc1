import { accountKeyFor, IdentityWebError } from '@identity-web/core/provider';
import { ManualClock } from '@identity-web/core/testing';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { describe, expect, it } from 'vitest';
import { caught, newProvider, SIGN_IN_SCOPES, signIn, startSignIn, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

async function expectBadCallback(promise: Promise<unknown>, reason: RegExp) {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(IdentityWebError);
  expect(error.code).toBe('invalid_callback');
  expect(error.status).toBe(400);
  expect(error.message).toMatch(reason);
  return error;
}

describe('redeemCode', () => {
  it('returns the account keyed by accountKeyFor(iss, sub), its sid, the id token and a partition', async () => {
    const result = await signIn(newProvider(), idp, { sub: 'alice', sid: 'op-session-7' });
    expect(result.account).toMatchObject({
      key: await accountKeyFor(FAKE_OPENID.issuer, 'alice'),
      issuer: FAKE_OPENID.issuer,
      subject: 'alice',
      name: 'Ada',
    });
    expect(result.sid).toBe('op-session-7');
    expect(result.idToken?.split('.')).toHaveLength(3);
    expect(result.account.claims).not.toHaveProperty('nonce');
    const partition = JSON.parse(result.partition);
    expect(partition).toMatchObject({ v: 1, iss: FAKE_OPENID.issuer, sub: 'alice', sid: 'op-session-7' });
    expect(partition.rt).toMatch(/^rt-/);
    // The access token is filed under the resource scopes only (OIDC scopes name no resource).
    expect(Object.keys(partition.at)).toEqual(['api.read']);
  });

  it('sends the PKCE verifier and the redirect_uri with the client secret in a Basic header', async () => {
    await signIn(newProvider(), idp);
    const call = idp.tokenCalls[0];
    expect(call?.get('grant_type')).toBe('authorization_code');
    expect(call?.get('code_verifier')).toBeTruthy();
    expect(call?.has('client_secret')).toBe(false);
  });

  it('sends the secret in the body with clientAuth "client_secret_post"', async () => {
    await signIn(newProvider({ clientAuth: 'client_secret_post' }), idp);
    expect(idp.tokenCalls[0]?.get('client_secret')).toBe(FAKE_OPENID.clientSecret);
  });

  it('accepts form_post responses: the same parameters, read from a POST body', async () => {
    const provider = newProvider({ responseMode: 'form_post' });
    const t = await startSignIn(provider);
    expect(t.url.searchParams.get('response_mode')).toBe('form_post');
    const posted = new URLSearchParams((await idp.authorize(t.url)).toString());
    await expect(provider.redeemCode({ ...t, params: posted })).resolves.toHaveProperty('account');
  });

  it('rejects a wrong state without a token request', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = await idp.authorize(t.url);
    await expectBadCallback(provider.redeemCode({ ...t, state: 'another-state', params }), /state/);
    params.delete('state');
    await expectBadCallback(provider.redeemCode({ ...t, params }), /state/);
    expect(idp.counts.token).toBe(0);
  });

  it('rejects a duplicated or missing code without a token request', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = await idp.authorize(t.url);
    params.append('code', 'second-code');
    await expectBadCallback(provider.redeemCode({ ...t, params }), /code/);
    params.delete('code');
    await expectBadCallback(provider.redeemCode({ ...t, params }), /code/);
    expect(idp.counts.token).toBe(0);
  });

  it('turns an IdP error response into invalid_callback without a token request', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = new URLSearchParams({
      error: 'access_denied',
      error_description: '<b>no</b>',
      state: t.state,
      iss: FAKE_OPENID.issuer,
    });
    const error = await expectBadCallback(provider.redeemCode({ ...t, params }), /access_denied/);
    expect(error.message).not.toContain('<b>');
    expect(idp.counts.token).toBe(0);
  });

  it('rejects a replayed code (invalid_grant) as a bad callback, without echoing the code', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = await idp.authorize(t.url);
    await provider.redeemCode({ ...t, params });
    const error = await expectBadCallback(provider.redeemCode({ ...t, params }), /invalid_grant/);
    expect(JSON.stringify({ m: error.message, c: error.cause })).not.toContain(params.get('code'));
  });

  it("rejects an ID token whose nonce is not the transaction's (code injection)", async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = await idp.authorize(t.url);
    await expectBadCallback(provider.redeemCode({ ...t, nonce: 'another-nonce', params }), /nonce/);
  });

  it("checks the ID token's times and files the token's expiry by the injected clock", async () => {
    // 2026-01-01 for both sides, whatever the machine's date.
    const clock = new ManualClock();
    idp.clock = clock;
    const result = await signIn(newProvider({ clock }), idp);
    expect(JSON.parse(result.partition).at['api.read'].e).toBe(clock.now() + 3600 * 1000);
    // The same ID token times, seen 300 s (its lifetime) plus the 60 s skew later, have expired.
    const late = newProvider({ clock: { now: () => clock.now() + 361_000 } });
    const t = await startSignIn(late);
    const params = await idp.authorize(t.url);
    await expectBadCallback(late.redeemCode({ ...t, params }), /"exp"/);
  });
});

describe('redeemCode: RFC 9207 issuer identification', () => {
  it('rejects an "iss" of another issuer and makes no token request', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = await idp.authorize(t.url, { iss: 'https://evil.example.com' });
    await expectBadCallback(provider.redeemCode({ ...t, params }), /iss/);
    expect(idp.counts.token).toBe(0);
  });

  it('rejects an "iss" differing only by a trailing slash', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = await idp.authorize(t.url, { iss: `${FAKE_OPENID.issuer}/` });
    await expectBadCallback(provider.redeemCode({ ...t, params }), /iss/);
    expect(idp.counts.token).toBe(0);
  });

  it('does not attribute an error response carrying a foreign "iss" to our provider', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = new URLSearchParams({ error: 'access_denied', state: t.state, iss: 'https://evil.example.com' });
    const error = await expectBadCallback(provider.redeemCode({ ...t, params }), /iss/);
    expect(error.message).not.toContain('access_denied');
  });

  it('rejects a missing "iss" when the provider advertises it, and makes no token request', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider);
    const params = await idp.authorize(t.url, { iss: null });
    await expectBadCallback(provider.redeemCode({ ...t, params }), /iss/);
    expect(idp.counts.token).toBe(0);
  });

  it('accepts a missing "iss" when the provider does not advertise it', async () => {
    idp.metadata.authorization_response_iss_parameter_supported = false;
    await expect(signIn(newProvider(), idp, { iss: null })).resolves.toHaveProperty('account');
  });

  it('discards an "iss" the provider does not advertise, unless acceptUnadvertisedIss', async () => {
    idp.metadata.authorization_response_iss_parameter_supported = undefined;
    const provider = newProvider();
    const t = await startSignIn(provider);
    await expectBadCallback(provider.redeemCode({ ...t, params: await idp.authorize(t.url) }), /iss/);
    expect(idp.counts.token).toBe(0);
    await expect(signIn(newProvider({ acceptUnadvertisedIss: true }), idp)).resolves.toHaveProperty('account');
  });

  it('decodes a percent-encoded "iss" before comparing', async () => {
    const provider = newProvider();
    const t = await startSignIn(provider, SIGN_IN_SCOPES);
    const { code, state } = Object.fromEntries(await idp.authorize(t.url));
    const params = new URLSearchParams(`code=${code}&state=${state}&iss=${encodeURIComponent(FAKE_OPENID.issuer)}`);
    await expect(provider.redeemCode({ ...t, params })).resolves.toHaveProperty('account');
  });
});
