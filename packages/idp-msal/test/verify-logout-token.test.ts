import { ErrorCode, IdentityWebError } from '@identity-web/core/provider';
import { ManualClock } from '@identity-web/core/testing';
import { FAKE_ENTRA, FakeEntraKeys, makeUser } from '@identity-web/msal/testing';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { MsalProviderOptions } from '../src/index.js';
import { provider, useMsw } from './support/harness.js';

const server = useMsw();
const user = makeUser(40);

function setup(tenant: string = FAKE_ENTRA.tenantId, options: Partial<MsalProviderOptions> = {}) {
  const keys = new FakeEntraKeys(`${FAKE_ENTRA.login}/${tenant}`);
  server.use(...keys.handlers());
  return { keys, idp: provider({ tenant, ...options }) };
}

async function rejection(promise: Promise<unknown>): Promise<IdentityWebError> {
  const error = await promise.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdentityWebError);
  return error as IdentityWebError;
}

describe('verifyLogoutToken', () => {
  it('accepts an RS256 token signed with a key of the tenant’s JWKS', async () => {
    const { keys, idp } = setup();
    const claims = await idp.verifyLogoutToken(await keys.logoutToken(user));
    expect(claims).toMatchObject({
      iss: `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/v2.0`,
      sub: user.sub,
      sid: user.sid,
    });
    expect(keys.jwksRequests).toBe(1);
    await idp.verifyLogoutToken(await keys.logoutToken(user));
    expect(keys.jwksRequests).toBe(1);
  });

  it('pins a multi-tenant issuer to the token’s tid and reports the provider’s issuer', async () => {
    const { keys, idp } = setup('organizations');
    const claims = await idp.verifyLogoutToken(await keys.logoutToken(user));
    expect(claims.iss).toBe(idp.issuer);
    const forged = await keys.logoutToken(user, { claims: { tid: 'ffffffff-0000-0000-0000-000000000000' } });
    expect((await rejection(idp.verifyLogoutToken(forged))).code).toBe(ErrorCode.InvalidLogoutToken);
  });

  it('compares the issuer exactly: a multi-tenant token with an upper-case tenant id or host is refused', async () => {
    const { keys, idp } = setup('organizations');
    const upper = FAKE_ENTRA.tenantId.toUpperCase();
    for (const claims of [
      { tid: upper, iss: `${FAKE_ENTRA.login}/${upper}/v2.0` },
      { iss: `https://LOGIN.microsoftonline.com/${FAKE_ENTRA.tenantId}/v2.0` },
    ]) {
      const token = await keys.logoutToken(user, { claims });
      expect((await rejection(idp.verifyLogoutToken(token))).code, claims.iss).toBe(ErrorCode.InvalidLogoutToken);
    }
  });

  it('rejects a token signed by a key Entra does not publish', async () => {
    const { keys, idp } = setup();
    const { privateKey } = await generateKeyPair('RS256');
    const error = await rejection(idp.verifyLogoutToken(await keys.logoutToken(user, { key: privateKey })));
    expect(error).toMatchObject({ code: ErrorCode.InvalidLogoutToken, status: 400 });
  });

  it.each([
    ['HS256 (a secret known to the client)', 'HS256'],
    ['PS256 (not on the pinned list)', 'PS256'],
  ])('rejects %s', async (_, alg) => {
    const { idp } = setup();
    const key = alg === 'HS256' ? new TextEncoder().encode('x'.repeat(32)) : (await generateKeyPair(alg)).privateKey;
    const jwt = await new SignJWT({
      iss: `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/v2.0`,
      aud: FAKE_ENTRA.clientId,
      sid: user.sid,
    })
      .setProtectedHeader({ alg })
      .sign(key);
    expect((await rejection(idp.verifyLogoutToken(jwt))).code).toBe(ErrorCode.InvalidLogoutToken);
  });

  it('rejects an unsigned (alg none) token', async () => {
    const { idp } = setup();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const jwt = `${b64({ alg: 'none' })}.${b64({ iss: `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/v2.0`, aud: FAKE_ENTRA.clientId, sid: 'x' })}.`;
    expect((await rejection(idp.verifyLogoutToken(jwt))).code).toBe(ErrorCode.InvalidLogoutToken);
  });

  it.each([
    ['without the back-channel event', { events: null }],
    ['with a nonce', { nonce: 'n' }],
    ['for another audience', { aud: 'another-client' }],
    ['from another tenant', { iss: `${FAKE_ENTRA.login}/ffffffff-0000-0000-0000-000000000000/v2.0` }],
    ['with an exp that is not a number', { exp: 'tomorrow' }],
    ['without exp and with an old iat', { exp: null, iat: Math.floor(Date.now() / 1000) - 3600 }],
    ['without sub and sid', { sub: null, sid: null }],
  ])('applies the core’s claim rules: rejects a token %s', async (_, claims) => {
    const { keys, idp } = setup();
    const error = await rejection(idp.verifyLogoutToken(await keys.logoutToken(user, { claims })));
    expect(error).toMatchObject({ code: ErrorCode.InvalidLogoutToken, status: 400 });
  });

  it('rejects an access token (typ at+jwt) signed by the same key', async () => {
    const { keys, idp } = setup();
    const jwt = await keys.logoutToken(user, { header: { typ: 'at+jwt' } });
    expect((await rejection(idp.verifyLogoutToken(jwt))).code).toBe(ErrorCode.InvalidLogoutToken);
  });

  it('refuses a validly signed token over 16 KiB before fetching any key, and takes one just under', async () => {
    const { keys, idp } = setup();
    const huge = await keys.logoutToken(user, { claims: { pad: 'x'.repeat(13_000) } });
    expect(huge.length).toBeGreaterThan(16 * 1024);
    const error = await rejection(idp.verifyLogoutToken(huge));
    expect(error).toMatchObject({ code: ErrorCode.InvalidLogoutToken, message: 'logout token is missing or too long' });
    expect(keys.jwksRequests).toBe(0);
    const near = await keys.logoutToken(user, { claims: { pad: 'x'.repeat(11_000) } });
    expect(near.length).toBeGreaterThan(14_000);
    await expect(idp.verifyLogoutToken(near)).resolves.toMatchObject({ sid: user.sid });
  });

  it('honours logoutToken.maxAgeSeconds and logoutToken.allowMissingExp, as @identity-web/oidc does', async () => {
    const old = { claims: { iat: Math.floor(Date.now() / 1000) - 200 } };
    const { keys, idp } = setup();
    await expect(idp.verifyLogoutToken(await keys.logoutToken(user, old))).resolves.toMatchObject({ sid: user.sid });
    const strict = provider({
      tenant: FAKE_ENTRA.tenantId,
      logoutToken: { maxAgeSeconds: 60, allowMissingExp: false },
    });
    expect((await rejection(strict.verifyLogoutToken(await keys.logoutToken(user, old)))).message).toMatch(/too old/);
    const noExp = await keys.logoutToken(user, { claims: { exp: null } });
    await expect(idp.verifyLogoutToken(noExp)).resolves.toMatchObject({ sid: user.sid });
    expect((await rejection(strict.verifyLogoutToken(noExp))).message).toMatch(/"exp" is missing/);
  });

  it('rejects garbage without a network request', async () => {
    const { keys, idp } = setup();
    for (const jwt of ['', 'not-a-jwt', 'a.b.c', 'x'.repeat(20_000)]) {
      expect((await rejection(idp.verifyLogoutToken(jwt))).code).toBe(ErrorCode.InvalidLogoutToken);
    }
    expect(keys.jwksRequests).toBe(0);
  });
});

describe('verifyLogoutToken: time comes from the injected clock', () => {
  /** A token issued at the clock's now (2026-01-01 by default, whatever the machine's date). */
  function issuedAt(keys: FakeEntraKeys, clock: ManualClock) {
    const iat = Math.floor(clock.now() / 1000);
    return keys.logoutToken(user, { claims: { iat, exp: iat + 120 } });
  }

  it('accepts a token at its issue time and refuses it once the clock passes exp and the skew', async () => {
    const clock = new ManualClock();
    const { keys, idp } = setup(FAKE_ENTRA.tenantId, { clock, clockSkewSeconds: 60 });
    const jwt = await issuedAt(keys, clock);
    await expect(idp.verifyLogoutToken(jwt)).resolves.toMatchObject({ sid: user.sid });
    clock.advance((120 + 59) * 1000); // within exp + skew: still accepted
    await expect(idp.verifyLogoutToken(jwt)).resolves.toMatchObject({ sid: user.sid });
    clock.advance(1000); // exp + skew reached
    const error = await rejection(idp.verifyLogoutToken(jwt));
    expect(error).toMatchObject({ code: ErrorCode.InvalidLogoutToken, message: expect.stringMatching(/expired/) });
  });

  it('keeps the signing keys for ten minutes of the clock, then fetches them again', async () => {
    const clock = new ManualClock();
    const { keys, idp } = setup(FAKE_ENTRA.tenantId, { clock });
    await idp.verifyLogoutToken(await issuedAt(keys, clock));
    clock.advance(599_000);
    await idp.verifyLogoutToken(await issuedAt(keys, clock));
    expect(keys.jwksRequests).toBe(1);
    clock.advance(1_000);
    await idp.verifyLogoutToken(await issuedAt(keys, clock));
    expect(keys.jwksRequests).toBe(2);
  });
  // The cache's cooldown, failure floor and kid-less keys are tested once, in packages/core/test/key-set.
});
