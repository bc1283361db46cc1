import type { FetchLike } from '@identity-web/core/provider';
import { createOidcProvider, type OidcProviderOptions, privateKeyJwt } from '@identity-web/oidc';
import { decodeProtectedHeader, exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './support/browser.js';
import { RP, type RunningOp, startOidcProvider } from './support/oidc-provider-server.js';

// Client authentication (OIDC Core 1.0 §9: Basic, post, JWT assertions per RFC 7523) against a
// real OpenID provider: oidc-provider v9 checks every credential itself.

const SCOPES = ['openid', 'profile', 'offline_access'];
const CLIENT = {
  redirect_uris: [RP.redirectUri],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

/** Every character RFC 6749 §2.3.1's form-encoding changes that ids and secrets are seen with. */
const PUNCTUATED = { client_id: 'rp-1.basic_~:+', client_secret: 'se-cret.value_with~colon:and+plus-0123456789' };
/** Letters, digits, '-', '.' and '_': what the form serializer leaves as it is. */
const EVERYDAY = { client_id: 'koa-rp.v2_A9', client_secret: 'Abc-123.def_456-ghi.789_jkl-mno.pqr' };

let op: RunningOp;
let keys: { current: JWK & { kid: string }; previous: { pem: string; kid: string }; unknown: JWK & { kid: string } };
let registered: { keys: JWK[] };

async function privateJwk(alg: 'ES256' | 'RS256', kid: string) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid };
}

beforeAll(async () => {
  const previous = await generateKeyPair('RS256', { extractable: true });
  keys = {
    current: await privateJwk('ES256', 'key-2026'),
    previous: { pem: await exportPKCS8(previous.privateKey), kid: 'key-2025' },
    unknown: await privateJwk('ES256', 'key-never-registered'),
  };
  // The JWKS the app registers, as the package computes it (no network: the issuer is not used).
  const offline = createOidcProvider({
    issuer: 'https://idp.example',
    clientId: 'x',
    clientAuth: privateKeyJwt([keys.current, keys.previous]),
  });
  registered = await offline.clientJwks();
  op = await startOidcProvider({
    clients: [
      { ...CLIENT, client_id: 'pkjwt-client', token_endpoint_auth_method: 'private_key_jwt', jwks: registered },
      { ...CLIENT, ...PUNCTUATED, token_endpoint_auth_method: 'client_secret_basic' },
      { ...CLIENT, ...EVERYDAY, token_endpoint_auth_method: 'client_secret_basic' },
      {
        ...CLIENT,
        client_id: 'csjwt-client',
        client_secret: RP.clientSecret,
        token_endpoint_auth_method: 'client_secret_jwt',
      },
    ],
  });
});
afterAll(async () => {
  await op?.close();
});

/** A relying party whose token requests are recorded (the form bodies, nothing is changed). */
function relyingParty(options: Partial<OidcProviderOptions> & { clientId: string }) {
  const bodies: URLSearchParams[] = [];
  const fetch: FetchLike = (url, init) => {
    if (init.body instanceof URLSearchParams) bodies.push(new URLSearchParams(init.body));
    return globalThis.fetch(url, init);
  };
  const idp = createOidcProvider({
    issuer: op.issuer,
    allowInsecureRequests: true,
    timeoutMs: 5_000,
    fetch,
    ...options,
  });
  return { idp, bodies };
}

async function signIn(idp: ReturnType<typeof createOidcProvider>, login = 'alice') {
  const [state, nonce, codeVerifier] = [
    oauth.generateRandomState(),
    oauth.generateRandomNonce(),
    oauth.generateRandomCodeVerifier(),
  ];
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const request = { redirectUri: RP.redirectUri, state, nonce, codeChallenge, scopes: SCOPES, prompt: 'consent' };
  const params = await new Browser().authorize(await idp.authorizationUrl(request), RP.redirectUri, login);
  return idp.redeemCode({ params, redirectUri: RP.redirectUri, state, nonce, codeVerifier, scopes: SCOPES });
}

const refresh = { scopes: ['openid'], forceRefresh: true, refreshSkewSeconds: 60 };

/** Signs in, refreshes, revokes the refresh token, and checks that a later refresh is refused. */
async function signInRefreshRevoke(idp: ReturnType<typeof createOidcProvider>): Promise<void> {
  const result = await signIn(idp);
  const refreshed = await idp.acquireTokenSilent(result.partition, result.account, refresh);
  expect(refreshed.accessToken).toBeTypeOf('string');
  await idp.revoke?.(refreshed.partition ?? result.partition);
  await expect(
    idp.acquireTokenSilent(refreshed.partition ?? result.partition, result.account, refresh),
  ).rejects.toMatchObject({ code: 'interaction_required' });
}

/**
 * A token endpoint in front of oidc-provider that compares Basic credentials without decoding
 * them, as some providers do: a request whose raw id:secret is not the registered one is refused
 * `invalid_client` here, the rest goes on to oidc-provider.
 */
function nonDecodingTokenEndpoint(client: { client_id: string; client_secret: string }) {
  const seen: string[] = [];
  const fetch: FetchLike = (url, init) => {
    const authorization = new Headers(init.headers).get('authorization');
    if (authorization?.startsWith('Basic ')) {
      const raw = atob(authorization.slice(6));
      seen.push(raw);
      if (raw !== `${client.client_id}:${client.client_secret}`) {
        return Promise.resolve(Response.json({ error: 'invalid_client' }, { status: 401 }));
      }
    }
    return globalThis.fetch(url, init);
  };
  return { fetch, seen };
}

describe('client_secret_basic against oidc-provider', () => {
  it("signs in, refreshes and revokes with an id and secret holding '-', '.', '_', '~', ':' and '+'", async () => {
    const { idp } = relyingParty({
      clientId: PUNCTUATED.client_id,
      clientSecret: PUNCTUATED.client_secret,
    });
    await signInRefreshRevoke(idp);
  });

  it('sends letters, digits, "-", "." and "_" unencoded, so a provider that does not decode accepts them', async () => {
    const stub = nonDecodingTokenEndpoint(EVERYDAY);
    const { idp } = relyingParty({
      clientId: EVERYDAY.client_id,
      clientSecret: EVERYDAY.client_secret,
      fetch: stub.fetch,
    });
    const result = await signIn(idp);
    await idp.acquireTokenSilent(result.partition, result.account, refresh);
    expect(stub.seen).toEqual([
      `${EVERYDAY.client_id}:${EVERYDAY.client_secret}`,
      `${EVERYDAY.client_id}:${EVERYDAY.client_secret}`,
    ]);
  });

  it("names clientId, clientSecret and clientAuth: 'client_secret_post' when the provider refuses the client", async () => {
    // The characters such a provider cannot take: the form-encoded ':' reaches it as '%3A'.
    const stub = nonDecodingTokenEndpoint(PUNCTUATED);
    const { idp } = relyingParty({
      clientId: PUNCTUATED.client_id,
      clientSecret: PUNCTUATED.client_secret,
      fetch: stub.fetch,
    });
    const error = await signIn(idp).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'idp_error', status: 502 });
    expect((error as Error).message).toBe(
      "code redemption failed: the provider refused the client (\"invalid_client\"): check clientId, clientSecret and clientAuth; a provider that does not form-decode Basic credentials (an id or secret with characters other than letters, digits, '-', '.', '_' or '*') needs clientAuth: 'client_secret_post'",
    );
    expect((error as Error).message).not.toContain(PUNCTUATED.client_secret);
    // With client_secret_post the same id and secret go in the form body, which every provider decodes.
    const post = relyingParty({
      clientId: PUNCTUATED.client_id,
      clientSecret: PUNCTUATED.client_secret,
      clientAuth: 'client_secret_post',
      fetch: stub.fetch,
    });
    const result = await signIn(post.idp);
    expect(result.account.subject).toBe('alice');
  });

  it('says the same, without the Basic hint, for a refused client that posts its secret', async () => {
    const { idp } = relyingParty({
      clientId: EVERYDAY.client_id,
      clientSecret: 'not-the-secret',
      clientAuth: 'client_secret_post',
    });
    await expect(signIn(idp)).rejects.toMatchObject({
      code: 'idp_error',
      message:
        'code redemption failed: the provider refused the client ("invalid_client"): check clientId, clientSecret and clientAuth',
    });
  });
});

describe('no client authentication against oidc-provider', () => {
  it('says no credential was sent, and which options give one, when the provider registered a confidential client', async () => {
    const { idp } = relyingParty({ clientId: EVERYDAY.client_id });
    await expect(signIn(idp)).rejects.toMatchObject({
      code: 'idp_error',
      message:
        'code redemption failed: the provider refused the client ("invalid_client"): the client sent no credential (clientAuth "none"): check clientId, and give clientSecret or clientAuth: privateKeyJwt(keys) if the provider registered a confidential client',
    });
  });
});

describe('private_key_jwt against oidc-provider', () => {
  it('signs in, refreshes and revokes with assertions signed by the first key, named by its kid', async () => {
    const { idp, bodies } = relyingParty({
      clientId: 'pkjwt-client',
      clientAuth: privateKeyJwt([keys.current, keys.previous]),
    });
    await signInRefreshRevoke(idp);

    expect(bodies.length).toBeGreaterThanOrEqual(3);
    for (const body of bodies) {
      expect(body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      expect(body.has('client_secret')).toBe(false);
      expect(decodeProtectedHeader(body.get('client_assertion') ?? '')).toMatchObject({
        alg: 'ES256',
        kid: 'key-2026',
      });
    }
  });

  it('works with a PEM key first (rotation back to the older key, still registered)', async () => {
    const { idp, bodies } = relyingParty({
      clientId: 'pkjwt-client',
      clientAuth: privateKeyJwt([keys.previous, keys.current]),
    });
    const result = await signIn(idp, 'bob');
    expect(result.account.subject).toBe('bob');
    expect(decodeProtectedHeader(bodies[0]?.get('client_assertion') ?? '')).toMatchObject({
      alg: 'RS256',
      kid: 'key-2025',
    });
  });

  it('names the kid that signed and the keys of privateKeyJwt, not a secret, when the provider does not know the key', async () => {
    const { idp } = relyingParty({ clientId: 'pkjwt-client', clientAuth: privateKeyJwt([keys.unknown, keys.current]) });
    const error = await signIn(idp, 'carol').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'idp_error', status: 502 });
    expect((error as Error).message).toBe(
      'code redemption failed: the provider refused the client ("invalid_client"): the client assertion was signed with the key of kid "key-never-registered" (the first key of privateKeyJwt): the provider must have its public key registered for this client (the output of clientJwks(), in the client\'s JWKS or at its registered jwks_uri), and clientId and clientAuth must match the registration',
    );
    expect((error as Error).message).not.toContain('clientSecret');
  });

  it('fails with invalid_option, never quoting the key, when a key does not import', async () => {
    const broken = { ...keys.current, d: 'AAAA-not-a-private-scalar' };
    const { idp, bodies } = relyingParty({ clientId: 'pkjwt-client', clientAuth: privateKeyJwt([broken]) });
    const error = await signIn(idp, 'dave').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_option', message: expect.stringMatching(/key-2026/) });
    expect(JSON.stringify([String(error), (error as Error).stack])).not.toContain(broken.d);
    expect(bodies).toEqual([]); // no token request went out
  });

  it('publishes only the public halves of every key, each with its kid and alg', () => {
    expect(registered.keys.map((k) => [k.kid, k.alg, k.use])).toEqual([
      ['key-2026', 'ES256', 'sig'],
      ['key-2025', 'RS256', 'sig'],
    ]);
    for (const key of registered.keys)
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
  });
});

describe('client_secret_jwt against oidc-provider', () => {
  it('signs in and refreshes with HS256 assertions and never sends the secret itself', async () => {
    const { idp, bodies } = relyingParty({
      clientId: 'csjwt-client',
      clientSecret: RP.clientSecret,
      clientAuth: 'client_secret_jwt',
    });
    const result = await signIn(idp);
    await idp.acquireTokenSilent(result.partition, result.account, refresh);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(decodeProtectedHeader(body.get('client_assertion') ?? '')).toMatchObject({ alg: 'HS256' });
      expect([...body.values()].join(' ')).not.toContain(RP.clientSecret);
    }
  });

  it('is refused with another secret, named as the HMAC key of the assertion', async () => {
    const { idp } = relyingParty({
      clientId: 'csjwt-client',
      clientSecret: `${RP.clientSecret}-not`,
      clientAuth: 'client_secret_jwt',
    });
    await expect(signIn(idp)).rejects.toMatchObject({
      code: 'idp_error',
      message:
        'code redemption failed: the provider refused the client ("invalid_client"): check clientId, clientSecret (the HMAC key that signs the client_secret_jwt assertion: the provider must hold the same secret) and clientAuth',
    });
  });
});
