import { IdentityWebError } from '@identity-web/core/provider';
import { ManualClock } from '@identity-web/core/testing';
import { base64url, type JWTPayload, SignJWT } from 'jose';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { makeKey, signJwt } from '../src/testing/signing-keys.js';
import { caught, newProvider, signIn, startSignIn, useFakeOpenIdProvider } from './support/harness.js';

// OIDC Core 1.0 §3.1.3.7 steps 6–8 and §10.1: every ID token is verified against the provider's
// keys with pinned algorithms, whatever channel brought it. Each rule here has a test that fails
// when the rule is taken out (docs/conformance.md lists them).
const idp = useFakeOpenIdProvider();

const stranger = makeKey('RS256', 'rs-1');
const otherRsa = makeKey('RS256', 'other');

/** The same signature with its first bytes changed: what a forger without the key sends. */
function corrupt(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const bytes = base64url.decode(signature);
  for (let i = 0; i < 8; i++) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
  return `${header}.${payload}.${base64url.encode(bytes)}`;
}

function unsigned(claims: JWTPayload): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

async function refused(promise: Promise<unknown>, reason: string | RegExp) {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(IdentityWebError);
  expect({ code: error.code, status: error.status }).toEqual({ code: 'invalid_callback', status: 400 });
  expect(error.message).toMatch(reason);
  return error;
}

describe('the ID token of a sign-in is verified against the provider’s keys', () => {
  it('accepts an RS256 token signed by the published key named by its kid, fetching the JWKS once', async () => {
    const provider = newProvider();
    await signIn(provider, idp);
    await signIn(provider, idp);
    expect(idp.counts.jwks).toBe(1);
  });

  it('refuses an RS256 token whose signature is corrupted', async () => {
    idp.signIdToken = async (claims) => corrupt(await signJwt(idp.signingKey, claims));
    await refused(signIn(newProvider(), idp), 'the ID token failed validation: the signature is not valid');
  });

  it('refuses an ES256 token whose signature is corrupted', async () => {
    idp.metadata.id_token_signing_alg_values_supported = ['RS256', 'ES256'];
    idp.signIdToken = async (claims) => corrupt(await signJwt(idp.ecKey, claims));
    await refused(signIn(newProvider(), idp), 'the signature is not valid');
  });

  it('refuses a token signed by a key the provider never published, under the provider’s kid', async () => {
    idp.signIdToken = async (claims) => signJwt(await stranger, claims);
    await refused(signIn(newProvider(), idp), 'the signature is not valid');
  });

  it('refuses a token signed by an unpublished key with no kid, one RSA key in the JWKS', async () => {
    idp.signIdToken = async (claims) => signJwt(await stranger, claims, { kid: undefined });
    await refused(signIn(newProvider(), idp), 'the signature is not valid');
  });

  it('uses the one key of the token’s type when the token has no kid', async () => {
    idp.jwks = idp.jwks.map(({ kid: _, ...jwk }) => jwk);
    idp.signIdToken = (claims) => signJwt(idp.signingKey, claims, { kid: undefined });
    await expect(signIn(newProvider(), idp)).resolves.toHaveProperty('account');
  });

  it('tries each key of the token’s type when the token has no kid and several are published', async () => {
    idp.jwks = [(await otherRsa).publicJwk, ...idp.jwks].map(({ kid: _, ...jwk }) => jwk);
    idp.signIdToken = (claims) => signJwt(idp.signingKey, claims, { kid: undefined });
    await expect(signIn(newProvider(), idp)).resolves.toHaveProperty('account');
    idp.signIdToken = async (claims) => signJwt(await stranger, claims, { kid: undefined });
    await refused(signIn(newProvider(), idp), 'the signature is not valid');
  });

  it('refuses an unsigned token even when the provider advertises "none", unless the client registered it', async () => {
    idp.metadata.id_token_signing_alg_values_supported = ['RS256', 'none'];
    idp.signIdToken = async (claims) => unsigned(claims);
    await refused(signIn(newProvider(), idp), /unsigned \("alg": "none"\)/);
    await expect(signIn(newProvider({ idToken: { algorithms: ['none'] } }), idp)).resolves.toHaveProperty('account');
  });

  it('refuses an "alg: none" token that still carries a signature, even when none is registered', async () => {
    idp.metadata.id_token_signing_alg_values_supported = ['none'];
    idp.signIdToken = async (claims) => `${unsigned(claims)}c2ln`;
    await refused(signIn(newProvider({ idToken: { algorithms: ['none'] } }), idp), /unsigned/);
  });

  it('takes HS256 keyed with the client secret only when chosen; the public key as an HMAC secret never', async () => {
    idp.metadata.id_token_signing_alg_values_supported = ['RS256', 'HS256'];
    const hmac = (secret: Uint8Array) => (claims: JWTPayload) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    idp.signIdToken = hmac(new TextEncoder().encode('rp-secret-value'));
    await refused(signIn(newProvider(), idp), 'its "alg" is not one of the allowed algorithms');
    const chosen = newProvider({ idToken: { algorithms: ['HS256'] } });
    await expect(signIn(chosen, idp)).resolves.toHaveProperty('account');
    // Algorithm confusion: the provider's public key (known to all) as the HMAC secret.
    idp.signIdToken = hmac(new TextEncoder().encode(JSON.stringify(idp.signingKey.publicJwk)));
    await refused(signIn(chosen, idp), 'the signature is not valid');
  });

  it('pins idToken.algorithms: an RS256 token from the provider’s own key is refused when ES256 is registered', async () => {
    idp.metadata.id_token_signing_alg_values_supported = ['RS256', 'ES256'];
    const pinned = newProvider({ idToken: { algorithms: ['ES256'] } });
    await refused(signIn(pinned, idp), /"alg"/);
    idp.signIdToken = (claims) => signJwt(idp.ecKey, claims);
    await expect(signIn(pinned, idp)).resolves.toHaveProperty('account');
  });
});

it('takes several registered algorithms from a provider that advertises none (oauth4webapi gets the list)', async () => {
  delete idp.metadata.id_token_signing_alg_values_supported;
  idp.signIdToken = (claims) => signJwt(idp.ecKey, claims);
  const provider = newProvider({ idToken: { algorithms: ['ES256', 'PS256'] } });
  await expect(signIn(provider, idp)).resolves.toHaveProperty('account');
});

describe('key rotation', () => {
  it('picks up a rotated key with one refetch, and refuses the retired key once it left the JWKS', async () => {
    const clock = new ManualClock(Date.now());
    const provider = newProvider({ clock });
    await signIn(provider, idp);
    const retired = idp.signingKey;
    const next = await makeKey('RS256', 'rs-2');
    idp.jwks = [next.publicJwk, idp.ecKey.publicJwk];
    idp.signIdToken = (claims) => signJwt(next, claims);
    await expect(signIn(provider, idp)).resolves.toHaveProperty('account');
    expect(idp.counts.jwks).toBe(2);
    clock.advance(31_000);
    idp.signIdToken = (claims) => signJwt(retired, claims);
    await refused(signIn(provider, idp), "no key of the provider's JWKS matches its header");
    expect(idp.counts.jwks).toBe(3);
  });

  it('picks up a rotation at once although forged logout tokens just spent their own refetch', async () => {
    const clock = new ManualClock(Date.now());
    const provider = newProvider({ clock });
    await signIn(provider, idp);
    const forged = await signJwt(await stranger, idp.logoutClaims(), { kid: 'forged', typ: 'logout+jwt' });
    await caught(provider.verifyLogoutToken(forged));
    expect(idp.counts.jwks).toBe(2);
    const next = await makeKey('RS256', 'rs-2');
    idp.jwks = [next.publicJwk];
    idp.signIdToken = (claims) => signJwt(next, claims);
    clock.advance(1_000);
    await expect(signIn(provider, idp)).resolves.toHaveProperty('account');
    expect(idp.counts.jwks).toBe(3);
  });

  it('picks up a rotation without kids: a token no key verifies fetches the set again once', async () => {
    const clock = new ManualClock(Date.now());
    const provider = newProvider({ clock });
    idp.jwks = [idp.signingKey.publicJwk].map(({ kid: _, ...jwk }) => jwk);
    idp.signIdToken = (claims) => signJwt(idp.signingKey, claims, { kid: undefined });
    await signIn(provider, idp);
    const next = await makeKey('RS256', 'rs-2');
    idp.jwks = [next.publicJwk].map(({ kid: _, ...jwk }) => jwk);
    idp.signIdToken = (claims) => signJwt(next, claims, { kid: undefined });
    await expect(signIn(provider, idp)).resolves.toHaveProperty('account');
    expect(idp.counts.jwks).toBe(2);
  });

  it('refetches at most once per 30 s however many unknown kids arrive', async () => {
    const clock = new ManualClock(Date.now());
    const provider = newProvider({ clock });
    await signIn(provider, idp);
    idp.signIdToken = async (claims) => signJwt(await stranger, claims, { kid: `forged-${Math.random()}` });
    for (let i = 0; i < 5; i++) await refused(signIn(provider, idp), /no key/);
    expect(idp.counts.jwks).toBe(2);
    clock.advance(31_000);
    await refused(signIn(provider, idp), /no key/);
    expect(idp.counts.jwks).toBe(3);
  });
});

describe('a JWKS that cannot be used fails the sign-in as the provider’s fault', () => {
  it.each([
    ['404', () => new HttpResponse('not found', { status: 404 }), 'idp_error', 502, /answered HTTP 404/],
    [
      'HTML',
      () => new HttpResponse('<html></html>', { headers: { 'content-type': 'text/html' } }),
      'idp_error',
      502,
      /unusable key set/,
    ],
    ['keys not an array', () => HttpResponse.json({ keys: { kty: 'RSA' } }), 'idp_error', 502, /unusable key set/],
    ['503', () => new HttpResponse(null, { status: 503 }), 'idp_unavailable', 503, /answered HTTP 503/],
  ])(
    '%s: no account, the JWKS URL named, the same answer for 5 s without a fetch, then a new fetch',
    async (_, answer, code, status, reason) => {
      idp.overrides.jwks = answer;
      const clock = new ManualClock(Date.now());
      const provider = newProvider({ clock });
      const error = await caught(signIn(provider, idp));
      expect({ code: error.code, status: error.status }).toEqual({ code, status });
      expect(error.message).toMatch(reason);
      expect(error.message).toContain('https://idp.example.com/jwks');
      delete idp.overrides.jwks;
      // A flood of sign-ins (or anonymous logout tokens) while it fails costs one fetch per 5 s.
      expect((await caught(signIn(provider, idp))).message).toBe(error.message);
      expect(idp.counts.jwks).toBe(1);
      clock.advance(5_000);
      await expect(signIn(provider, idp)).resolves.toHaveProperty('account');
      expect(idp.counts.jwks).toBe(2);
    },
  );
});

describe('a refreshed ID token', () => {
  it('is verified like the first: a bad signature fails the refresh and keeps nothing', async () => {
    const provider = newProvider();
    const { account, partition } = await signIn(provider, idp);
    idp.idTokenOnRefresh = true;
    const request = { scopes: ['api.read'], forceRefresh: true, refreshSkewSeconds: 0 };
    const refreshed = await provider.acquireTokenSilent(partition, account, request);
    idp.signIdToken = async (claims) => corrupt(await signJwt(idp.signingKey, claims));
    const error = await caught(provider.acquireTokenSilent(refreshed.partition ?? '', account, request));
    // Its rotated refresh token goes with the refused answer: only a new sign-in can go on.
    expect({ code: error.code, status: error.status }).toEqual({ code: 'interaction_required', status: 401 });
    expect(error.interaction).toMatchObject({ reason: 'id_token_refused' });
    expect(error.message).toMatch(/the refreshed ID token is refused: the signature is not valid/);
  });
});

describe('options', () => {
  it.each([
    [{ idToken: { algorithms: [] } }, 'idToken.algorithms', /non-empty array/],
    [{ idToken: { algorithms: ['HS1'] } }, 'idToken.algorithms', /JWS algorithms/],
    [
      { idToken: { algorithms: ['HS256'] }, clientSecret: undefined, clientAuth: 'none' },
      'idToken.algorithms',
      /client secret/,
    ],
    [{ clockSkewSeconds: 601 }, 'clockSkewSeconds', /from 0 to 600 \(ten minutes\)/],
  ])('refuses %j', (options, option, message) => {
    const error = (() => {
      try {
        newProvider(options as never);
      } catch (e) {
        return e as IdentityWebError;
      }
      throw new Error('accepted');
    })();
    expect(error).toMatchObject({ code: 'invalid_option', option });
    expect(error.message).toMatch(message);
  });

  it('takes a clock skew of ten minutes', () => {
    expect(() => newProvider({ clockSkewSeconds: 600 })).not.toThrow();
  });

  it('starts a sign-in with any registered algorithm set (they matter only when a token arrives)', async () => {
    await expect(startSignIn(newProvider({ idToken: { algorithms: ['ES256', 'PS256'] } }))).resolves.toBeTruthy();
  });
});
