import { BACKCHANNEL_LOGOUT_EVENT, IdentityWebError } from '@identity-web/core/provider';
import { ManualClock } from '@identity-web/core/testing';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { base64url, exportSPKI, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { logoutClaims } from '../src/testing/openid-shapes.js';
import { makeKey, signJwt } from '../src/testing/signing-keys.js';
import { caught, newProvider, useFakeOpenIdProvider } from './support/harness.js';
import { hmacJwt, unsecuredJwt } from './support/keys.js';

// OIDC Back-Channel Logout 1.0 §2.6 (BCL below), one rule per case: each case changes one thing
// from a valid token.
const idp = useFakeOpenIdProvider();
const now = () => Math.floor(Date.now() / 1000);

function valid(overrides: Record<string, unknown> = {}, header: Record<string, unknown> = { typ: 'logout+jwt' }) {
  return signJwt(idp.signingKey, idp.logoutClaims(overrides), header);
}

/** Asserts the rejection and its reason, so a test cannot pass because of an unrelated defect. */
async function expectRejected(jwt: string | Promise<string>, reason: RegExp, provider = newProvider()) {
  const error = await caught(provider.verifyLogoutToken(await jwt));
  expect(error).toBeInstanceOf(IdentityWebError);
  expect(error.code).toBe('invalid_logout_token');
  expect(error.status).toBe(400);
  expect(error.message).toMatch(reason);
}

const ALG = /its "alg" is not one of the allowed algorithms/;

describe('verifyLogoutToken: accepted tokens', () => {
  it('accepts a valid token and returns its claims', async () => {
    const claims = await newProvider().verifyLogoutToken(await valid({ jti: 'j-1' }));
    expect(claims).toMatchObject({ iss: FAKE_OPENID.issuer, sub: 'user-1', sid: 'sid-1', jti: 'j-1' });
  });

  it('accepts a token without "typ" (BCL §4.1 interop) and with typ "JWT"', async () => {
    await expect(newProvider().verifyLogoutToken(await valid({}, {}))).resolves.toMatchObject({ sid: 'sid-1' });
    await expect(newProvider().verifyLogoutToken(await valid({}, { typ: 'JWT' }))).resolves.toBeTruthy();
  });

  it('accepts a token with only "sub" or only "sid"', async () => {
    await expect(newProvider().verifyLogoutToken(await valid({ sid: undefined }))).resolves.toMatchObject({
      sub: 'user-1',
    });
    await expect(newProvider().verifyLogoutToken(await valid({ sub: undefined }))).resolves.toMatchObject({
      sid: 'sid-1',
    });
  });

  it('accepts an "exp" just past, within the clock skew', async () => {
    await expect(newProvider().verifyLogoutToken(await valid({ exp: now() - 30 }))).resolves.toBeTruthy();
  });

  it('accepts a token without "exp" (drafts before errata 1) within maxAgeSeconds of its "iat"', async () => {
    const claims = await newProvider().verifyLogoutToken(await valid({ exp: undefined, iat: now() - 200 }));
    expect(claims).toMatchObject({ sid: 'sid-1' });
    expect(claims.exp).toBeUndefined();
    // The same window as a token with exp: iat + maxAgeSeconds (300) + clockSkewSeconds (60).
    expect(claims.acceptUntil).toBe(claims.iat + 360);
    await expectRejected(valid({ exp: undefined, iat: now() - 400 }), /too old/);
    await expectRejected(
      valid({ exp: undefined }),
      /"exp" is missing/,
      newProvider({ logoutToken: { allowMissingExp: false } }),
    );
  });
});

describe('verifyLogoutToken: signature and algorithm', () => {
  it('rejects alg "none" (BCL §2.6 step 3)', async () => {
    await expectRejected(unsecuredJwt(idp.logoutClaims(), { kid: 'rs-1' }), ALG);
  });

  it('rejects ES256 when only RS256 is pinned, though the key is in the JWKS (BCL §2.6 step 3, RFC 8725 §3.1)', async () => {
    const es256 = signJwt(idp.ecKey, idp.logoutClaims());
    await expectRejected(es256, ALG);
    // Control: the same token passes once ES256 is allowed, so the pin is what rejected it.
    await expect(
      newProvider({ logoutToken: { algorithms: ['ES256'] } }).verifyLogoutToken(await es256),
    ).resolves.toBeTruthy();
  });

  it('pins the algorithms the provider advertises for ID tokens, asymmetric ones only', async () => {
    idp.metadata.id_token_signing_alg_values_supported = ['ES256', 'HS256', 'none'];
    await expect(newProvider().verifyLogoutToken(await signJwt(idp.ecKey, idp.logoutClaims()))).resolves.toBeTruthy();
    await expectRejected(valid(), ALG);
  });

  it('rejects HS256 keyed with the public key bytes (algorithm confusion, RFC 8725 §2.1)', async () => {
    const publicKey = await importJWK(idp.signingKey.publicJwk, 'RS256');
    const secrets = [
      new TextEncoder().encode(JSON.stringify(idp.signingKey.publicJwk)),
      new TextEncoder().encode(await exportSPKI(publicKey as CryptoKey)),
    ];
    for (const secret of secrets) await expectRejected(hmacJwt(secret, idp.logoutClaims(), { kid: 'rs-1' }), ALG);
  });

  it("rejects a token signed by a key that is not the provider's (BCL §2.6 step 2)", async () => {
    const impostor = await makeKey('RS256', 'rs-1');
    await expectRejected(signJwt(impostor, idp.logoutClaims()), /the signature is not valid/);
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = (await valid()).split('.');
    const forged = base64url.encode(JSON.stringify(idp.logoutClaims({ sub: 'victim' })));
    await expectRejected(`${h}.${forged}.${s}`, /the signature is not valid/);
  });

  it('rejects "typ" at+jwt and dpop+jwt (RFC 8725 §3.11 explicit typing)', async () => {
    await expectRejected(valid({}, { typ: 'at+jwt' }), /typ/);
    await expectRejected(valid({}, { typ: 'dpop+jwt' }), /typ/);
  });

  it('refuses a validly signed token over 16 KiB, and takes one just under', async () => {
    const near = await valid({ pad: 'x'.repeat(11_000) });
    expect(near.length).toBeGreaterThan(14_000);
    await expect(newProvider().verifyLogoutToken(near)).resolves.toMatchObject({ sid: 'sid-1' });
    const huge = await valid({ pad: 'x'.repeat(13_000) });
    expect(huge.length).toBeGreaterThan(16 * 1024);
    await expectRejected(huge, /^logout token is missing or too long$/);
  });

  it('rejects an empty, oversized, unsigned-garbage or encrypted (5-part) token', async () => {
    for (const jwt of ['', 'not-a-jwt', 'a.b.c.d.e', `${'a'.repeat(20_000)}.b.c`])
      await expectRejected(jwt, /too long|not a well-formed JWS/);
  });
});

describe('verifyLogoutToken: claims', () => {
  it.each([
    ['another issuer', 'https://evil.example.com'],
    ['a trailing slash', `${FAKE_OPENID.issuer}/`],
    ['different letter case', FAKE_OPENID.issuer.toUpperCase()],
  ])('rejects "iss" with %s (BCL §2.6 step 4)', async (_case, iss) => {
    await expectRejected(valid({ iss }), /"iss"/);
  });

  it.each([
    ['another audience', 'other-client'],
    ['an array without the client', ['other-client']],
    ['an array with an untrusted extra audience', [FAKE_OPENID.clientId, 'other-client']],
  ])('rejects "aud" with %s (BCL §2.6 step 4)', async (_case, aud) => {
    await expectRejected(valid({ aud }), /"aud"/);
  });

  it('rejects an "exp" past the skew (BCL §2.6 step 4)', async () => {
    await expectRejected(valid({ exp: now() - 61, iat: now() - 200 }), /has expired/);
  });

  it('rejects a token before its "nbf", beyond the skew (RFC 7519 §4.1.5)', async () => {
    await expect(newProvider().verifyLogoutToken(await valid({ nbf: now() + 30 }))).resolves.toBeTruthy();
    await expectRejected(valid({ nbf: now() + 600 }), /"nbf" is in the future/);
  });

  it('rejects a missing, future or too old "iat" (BCL §2.6 step 4)', async () => {
    await expectRejected(valid({ iat: undefined }), /"iat" is missing/);
    await expectRejected(valid({ iat: now() + 600 }), /future/);
    await expectRejected(valid({ iat: now() - 3600, exp: now() + 60 }), /too old/);
  });

  it('honours logoutToken.maxAgeSeconds', async () => {
    const old = await valid({ iat: now() - 200 });
    await expect(newProvider().verifyLogoutToken(old)).resolves.toBeTruthy();
    await expectRejected(old, /too old/, newProvider({ logoutToken: { maxAgeSeconds: 60 } }));
  });

  it('rejects a missing or empty "jti" (BCL §2.4)', async () => {
    await expectRejected(valid({ jti: undefined }), /"jti"/);
    await expectRejected(valid({ jti: '' }), /"jti"/);
  });

  it.each([
    ['missing', undefined],
    ['with another event', { 'http://schemas.openid.net/event/foobar': {} }],
    ['with the name in another case', { [BACKCHANNEL_LOGOUT_EVENT.toUpperCase()]: {} }],
    ['with a trailing slash', { [`${BACKCHANNEL_LOGOUT_EVENT}/`]: {} }],
    ['as an array', [BACKCHANNEL_LOGOUT_EVENT]],
    ['as a string', BACKCHANNEL_LOGOUT_EVENT],
    ['with a member value of true', { [BACKCHANNEL_LOGOUT_EVENT]: true }],
    ['with a member value of "{}"', { [BACKCHANNEL_LOGOUT_EVENT]: '{}' }],
  ])('rejects "events" %s (BCL §2.6 step 6)', async (_case, events) => {
    await expectRejected(valid({ events }), /"events"/);
  });

  it('rejects a "nonce" claim (BCL §2.6 step 7)', async () => {
    await expectRejected(valid({ nonce: 'n-1' }), /"nonce"/);
  });

  it('rejects an ID token posted as a logout token (BCL §2.6 step 7)', async () => {
    // It fails on the first logout-only rule it meets: no jti, no events, or a nonce.
    await expectRejected(idp.idToken({ sub: 'user-1', sid: 'sid-1', nonce: 'n-1' }), /"jti"|"events"|"nonce"/);
  });

  it.each([
    ['neither sub nor sid', { sub: undefined, sid: undefined }],
    ['an empty sub', { sub: '' }],
    ['an empty sid', { sid: '' }],
    ['a numeric sub', { sub: 42 }],
    ['an object sid', { sid: { id: 'sid-1' } }],
  ])('rejects %s (BCL §2.6 step 5)', async (_case, overrides) => {
    await expectRejected(valid(overrides), /"sub"|"sid"/);
  });
});

describe('verifyLogoutToken: time comes from the injected clock', () => {
  // 2026-01-01, whatever the machine's date: only the injected clock can make these tokens fresh.
  const mint = (clock: ManualClock) => signJwt(idp.signingKey, logoutClaims(clock.now()), { typ: 'logout+jwt' });

  it('accepts a token at its issue time and refuses it once the clock passes exp and the skew', async () => {
    const clock = new ManualClock();
    const provider = newProvider({ clock, clockSkewSeconds: 60 });
    const jwt = await mint(clock);
    await expect(provider.verifyLogoutToken(jwt)).resolves.toMatchObject({ sid: 'sid-1' });
    clock.advance((120 + 59) * 1000); // within exp + skew: still accepted
    await expect(provider.verifyLogoutToken(jwt)).resolves.toMatchObject({ sid: 'sid-1' });
    clock.advance(1000); // exp + skew reached
    await expectRejected(jwt, /has expired/, provider);
  });

  it('refuses a token issued ahead of the clock by more than the skew', async () => {
    const clock = new ManualClock();
    const provider = newProvider({ clock, clockSkewSeconds: 60 });
    const future = new ManualClock(clock.now() + 61_000);
    await expectRejected(mint(future), /"iat"|future/, provider);
  });
});

describe('verifyLogoutToken: what a refusal says', () => {
  it('never quotes the token: an unknown "crit" header is refused in fixed words', async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const planted = '\n2025-01-01 [ADMIN] signed in \u001b[31mOK';
    const jwt = `${b64({ alg: 'RS256', crit: [planted], [planted]: 1 })}.${b64({})}.AAAA`;
    const error = await caught(newProvider().verifyLogoutToken(jwt));
    expect(error.code).toBe('invalid_logout_token');
    expect(error.message).not.toContain('ADMIN');
    expect(error.message).toMatch(/^logout token rejected: [\w "(),.'-]+$/);
  });
});
