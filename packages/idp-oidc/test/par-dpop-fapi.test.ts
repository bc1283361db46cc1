import type { FetchLike } from '@identity-web/core/provider';
import { IdentityWebError, InteractionRequiredError } from '@identity-web/core/provider';
import { createOidcProvider, dpopBinding, type OidcProviderOptions, privateKeyJwt } from '@identity-web/oidc';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OidcContext } from '../src/context.js';
import { type DpopPrivateJwk, loadDpopKey, newDpopKey } from '../src/tokens/dpop.js';
import { caught, newProvider, signIn, startSignIn, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

let es256: JWK & { kid: string };
let rs256: JWK & { kid: string };
beforeAll(async () => {
  es256 = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'es' };
  rs256 = { ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)), kid: 'rs' };
});

const request = { scopes: ['api.read'], forceRefresh: false, refreshSkewSeconds: 60 };

function fapi(options: Partial<OidcProviderOptions> = {}) {
  return createOidcProvider({
    issuer: FAKE_OPENID.issuer,
    clientId: FAKE_OPENID.clientId,
    clientAuth: privateKeyJwt([es256]),
    profile: 'fapi2',
    dpop: dpopBinding(),
    ...options,
  } as OidcProviderOptions);
}

function refusal(make: () => unknown): IdentityWebError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityWebError);
    return error as IdentityWebError;
  }
  throw new Error('expected a refusal');
}

describe('profile "fapi2": the FAPI 2.0 client rules, refused at creation with the rule named', () => {
  it('accepts private_key_jwt with an ES256 key and DPoP, and turns PAR on', () => {
    expect(() => fapi()).not.toThrow();
  });

  // [the option broken, the override, what the message says]
  it.each([
    ['par', { par: false }, /authorization requests must be pushed \(RFC 9126\)/],
    ['dpop', { dpop: false }, /sender-constrained, here with DPoP \(RFC 9449\)/],
    ['dpop', { dpop: undefined }, /give dpop: dpopBinding\(\), from '@identity-web\/oidc'/],
    [
      'clientAuth',
      { clientAuth: undefined, clientSecret: 's' },
      /private_key_jwt .*not "client_secret_basic": give clientAuth: privateKeyJwt\(keys\)/,
    ],
    ['clientAuth', { clientAuth: 'client_secret_post', clientSecret: 's' }, /private_key_jwt/],
    ['privateKeyJwt[0].alg', { clientAuth: 'rs' }, /only PS256, ES256 and EdDSA may sign \(got RS256\)/],
    ['logoutToken.algorithms', { logoutToken: { algorithms: ['ES256', 'RS256'] } }, /\(got RS256\)/],
    ['acceptUnadvertisedIss', { acceptUnadvertisedIss: true }, /"iss" authorization-response parameter \(RFC 9207\)/],
  ] as const)('refuses %s: %o', (option, override, message) => {
    const options =
      'clientAuth' in override && override.clientAuth === 'rs'
        ? { ...override, clientAuth: privateKeyJwt([rs256]) }
        : override;
    const error = refusal(() => fapi(options as Partial<OidcProviderOptions>));
    expect(error.option).toBe(option);
    expect(error.message).toMatch(/is refused by profile "fapi2": /);
    expect(error.message).toMatch(message);
  });

  it('refuses another profile, a par that is no boolean, and a dpop that is not dpopBinding()', () => {
    expect(refusal(() => fapi({ profile: 'fapi1' as never }))).toMatchObject({ option: 'profile' });
    expect(refusal(() => newProvider({ par: 'yes' as never }))).toMatchObject({ option: 'par' });
    const part = () => undefined;
    // The last two are shaped like the value with parts missing: refused now, not at the first sign-in.
    for (const dpop of [
      1,
      null,
      {},
      { binds: 'dpop' },
      'dpop',
      { binds: 'dpop', newKey: part },
      { binds: 'dpop', newKey: part, loadKey: part, handle: part },
    ]) {
      expect(refusal(() => newProvider({ dpop: dpop as never })).message).toBe(
        `identity-web: "dpop" must be what dpopBinding() returns, or left out: write dpop: dpopBinding(), with import { dpopBinding } from '@identity-web/oidc'`,
      );
    }
  });

  it('refuses dpop: true with the line to write: the value brings the code, the flag would bring it to every app', () => {
    const error = refusal(() => newProvider({ dpop: true as never }));
    expect(error).toMatchObject({ option: 'dpop' });
    expect(error.message).toBe(
      `identity-web: "dpop" takes the value that brings DPoP's code, not true: write dpop: dpopBinding(), with import { dpopBinding } from '@identity-web/oidc' (an app without it bundles none of that code)`,
    );
    expect(() => newProvider({ dpop: false })).not.toThrow();
  });
});

describe('what the provider must support, checked before the user is sent there', () => {
  it('"par: true" with a provider that has no PAR endpoint: the sign-in fails, saying so', async () => {
    const error = await caught(startSignIn(newProvider({ par: true })));
    expect(error).toMatchObject({ code: 'idp_error' });
    expect(error.message).toMatch(/no "pushed_authorization_request_endpoint".*"par: true"/);
  });

  it('"fapi2" with a provider that does not advertise the RFC 9207 "iss" parameter', async () => {
    idp.metadata.authorization_response_iss_parameter_supported = false;
    const error = await caught(startSignIn(fapi()));
    expect(error.message).toMatch(/profile "fapi2".*"iss" authorization-response parameter \(RFC 9207\)/);
    expect(idp.counts.token).toBe(0);
  });

  it('"dpop" with a provider that takes no ES256 proofs', async () => {
    idp.metadata.dpop_signing_alg_values_supported = ['EdDSA'];
    const error = await caught(startSignIn(newProvider({ dpop: dpopBinding() })));
    expect(error.message).toMatch(/does not take ES256 DPoP proofs/);
  });

  it('"fapi2": a callback without "iss" is refused even when the provider stopped advertising it', async () => {
    idp.metadata.authorization_response_iss_parameter_supported = false;
    const params = new URLSearchParams({ code: 'c', state: 's' });
    const redemption = { params, state: 's', nonce: 'n', codeVerifier: 'v'.repeat(43), scopes: ['openid'] };
    const error = await caught(fapi().redeemCode({ ...redemption, redirectUri: FAKE_OPENID.redirectUri }));
    expect(error).toMatchObject({ code: 'invalid_callback', status: 400 });
    expect(error.message).toMatch(/no "iss" parameter, which profile "fapi2" requires/);
    expect(idp.counts.token).toBe(0);
  });
});

describe('"dpop" with a provider that does not bind the tokens', () => {
  it('refuses a Bearer token from the code redemption: the tokens would not be what was asked for', async () => {
    const error = await caught(signIn(newProvider({ dpop: dpopBinding() }), idp));
    expect(error).toMatchObject({ code: 'idp_error' });
    expect(error.message).toMatch(/"dpop" is on but the provider issued a token of type "bearer", not DPoP/);
  });
});

describe('the DPoP key in the partition', () => {
  it('a partition whose key is not an EC P-256 private JWK is no partition of ours: the user signs in again', async () => {
    const provider = newProvider();
    const { partition, account } = await signIn(provider, idp);
    const broken = JSON.stringify({ ...JSON.parse(partition), dk: { kty: 'RSA', n: 'x', e: 'AQAB' } });
    const error = await caught(provider.acquireTokenSilent(broken, account, request));
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect(error).toMatchObject({ interaction: { reason: 'no_token_cache' } });
  });
});

/** Rewrites the token endpoint's `token_type` to what `type()` says (the fake always says Bearer). */
function tokenTypeRewriter(type: () => string | undefined): FetchLike {
  return async (url, init) => {
    const response = await globalThis.fetch(url, init);
    const wanted = type();
    if (!url.endsWith('/token') || response.status !== 200 || wanted === undefined) return response;
    const body = (await response.json()) as Record<string, unknown>;
    return Response.json({ ...body, token_type: wanted }, { headers: { 'cache-control': 'no-store' } });
  };
}

describe('profile "fapi2" and logout tokens', () => {
  it('an RS256 logout token is refused under fapi2', async () => {
    // The fake advertises id_token_signing_alg_values_supported ["RS256"] and signs logout tokens RS256.
    const token = await idp.logoutToken();
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    await expect(fapi().verifyLogoutToken(token)).rejects.toMatchObject({ code: 'invalid_logout_token' });
  });

  it('nor when the provider advertises no algorithm (the default falls back to RS256)', async () => {
    delete idp.metadata.id_token_signing_alg_values_supported;
    await expect(fapi().verifyLogoutToken(await idp.logoutToken())).rejects.toMatchObject({
      code: 'invalid_logout_token',
    });
  });
});

describe('"dpop": every token response must be a DPoP token', () => {
  it('a refresh proved with the key but answered with a Bearer token is refused', async () => {
    let answer: string | undefined = 'DPoP';
    const provider = newProvider({ dpop: dpopBinding(), fetch: tokenTypeRewriter(() => answer) });
    const { partition, account } = await signIn(provider, idp);
    answer = undefined; // the provider stops binding: plain "Bearer" from now on
    const result = await provider
      .acquireTokenSilent(partition, account, { ...request, forceRefresh: true })
      .catch((error: unknown) => error);
    expect(result).toMatchObject({ code: 'idp_error' });
  });

  it('the client-credentials grant under "dpop" refuses a Bearer answer too', async () => {
    const result = await newProvider({ dpop: dpopBinding() }).acquireTokenForApp!(null, request).catch(
      (error: unknown) => error,
    );
    expect(result).toMatchObject({ code: 'idp_error' });
  });
});

describe('a partition whose key has the right shape but does not import', () => {
  it('the user is asked to sign in again (as for a key of the wrong shape), not a 502 forever', async () => {
    const provider = newProvider({ dpop: dpopBinding(), fetch: tokenTypeRewriter(() => 'DPoP') });
    const { partition, account } = await signIn(provider, idp);
    const p = JSON.parse(partition);
    const broken = JSON.stringify({ ...p, dk: { ...p.dk, d: 'AAAA' } });
    const cached = await caught(provider.acquireTokenSilent(broken, account, request));
    const forced = await caught(provider.acquireTokenSilent(broken, account, { ...request, forceRefresh: true }));
    expect(forced.message).not.toContain(p.dk.d); // the key is never in the message
    expect(cached).toMatchObject({ code: 'interaction_required' });
    expect(forced).toMatchObject({ code: 'interaction_required' });
  });

  it('an app partition with such a key is a cache miss: a new key, not an outage', async () => {
    const provider = newProvider({ dpop: dpopBinding(), fetch: tokenTypeRewriter(() => 'DPoP') });
    const first = await provider.acquireTokenForApp!(null, request);
    const p = JSON.parse(first.partition ?? '{}');
    const broken = JSON.stringify({ ...p, app: {}, dk: { ...p.dk, d: 'AAAA' } });
    await expect(provider.acquireTokenForApp!(broken, request)).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });
});

describe('a partition that keeps a key, read by a provider without dpop (the app took DPoP away)', () => {
  it('is not used for the user: its tokens are bound to a key the app cannot prove, so they sign in again', async () => {
    const { partition, account } = await signIn(
      newProvider({ dpop: dpopBinding(), fetch: tokenTypeRewriter(() => 'DPoP') }),
      idp,
    );
    expect(JSON.parse(partition).dk).toBeDefined();
    const without = newProvider();
    await expect(without.acquireTokenSilent(partition, account, request)).rejects.toMatchObject({
      code: 'interaction_required',
    });
    await expect(
      without.acquireTokenSilent(partition, account, { ...request, forceRefresh: true }),
    ).rejects.toMatchObject({ code: 'interaction_required' });
  });

  it("is a cache miss for the app's tokens: a new Bearer grant, and no key kept", async () => {
    const first = await newProvider({ dpop: dpopBinding(), fetch: tokenTypeRewriter(() => 'DPoP') })
      .acquireTokenForApp!(null, request);
    expect(JSON.parse(first.partition ?? '{}').dk).toBeDefined();
    const next = await newProvider().acquireTokenForApp!(first.partition ?? null, request);
    expect(next).toMatchObject({ tokenType: 'Bearer' });
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(JSON.parse(next.partition ?? '{}').dk).toBeUndefined();
  });
});

describe('pushed authorization requests carry every parameter, the browser none of them', () => {
  it('pushes prompt, login_hint, claims, response_mode and every resource; the URL has client_id and request_uri', async () => {
    idp.metadata.pushed_authorization_request_endpoint = `${FAKE_OPENID.issuer}/par`;
    let pushed: URLSearchParams | undefined;
    const fetch: FetchLike = async (url, init) => {
      if (url === `${FAKE_OPENID.issuer}/par`) {
        pushed = new URLSearchParams(String(init.body));
        return Response.json({ request_uri: 'urn:ietf:params:oauth:request_uri:x', expires_in: 60 }, { status: 201 });
      }
      return globalThis.fetch(url, init);
    };
    const provider = newProvider({
      par: true,
      fetch,
      responseMode: 'form_post',
      resource: ['https://a.example/', 'https://b.example/'],
    });
    const url = await provider.authorizationUrl({
      redirectUri: FAKE_OPENID.redirectUri,
      state: 's',
      nonce: 'n',
      codeChallenge: 'c'.repeat(43),
      scopes: ['openid', 'api.read'],
      prompt: 'login',
      loginHint: 'ada@example.com',
      claims: '{"id_token":{"acr":null}}',
      resources: ['https://c.example/'],
    });
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(pushed?.get('prompt')).toBe('login');
    expect(pushed?.get('login_hint')).toBe('ada@example.com');
    expect(pushed?.get('claims')).toBe('{"id_token":{"acr":null}}');
    expect(pushed?.get('response_mode')).toBe('form_post');
    expect(pushed?.getAll('resource')).toEqual(['https://a.example/', 'https://b.example/', 'https://c.example/']);
    expect(pushed?.get('code_challenge_method')).toBe('S256');
  });
});

describe('the resource-server prover', () => {
  it('htu drops credentials, query, fragment and the default port; IDN hosts go as punycode', async () => {
    const provider = newProvider({ dpop: dpopBinding(), fetch: tokenTypeRewriter(() => 'DPoP') });
    const { partition, account } = await signIn(provider, idp);
    const token = await provider.acquireTokenSilent(partition, account, request);
    const prover = token.dpop!;
    const htu = async (url: string) =>
      decodeJwt(await prover.proof({ method: 'get', url, accessToken: token.accessToken })).htu;
    expect(await htu('https://u:p@API.example:443/a/b?x=1#f')).toBe('https://api.example/a/b');
    expect(await htu('https://bücher.example/x')).toBe('https://xn--bcher-kva.example/x');
    expect(await htu('https://api.example:8443/%7e/%2F?q')).toBe('https://api.example:8443/%7e/%2F');
    // Only http(s) URLs are proved.
    await expect(htu('foo://x/y')).rejects.toMatchObject({ code: 'invalid_argument' });
    // `htm` is the method as fetch sends it: the six standard ones upper-cased, others as given.
    const htm = async (method: string) =>
      decodeJwt(await prover.proof({ method, url: 'https://api.example/', accessToken: token.accessToken })).htm;
    expect([await htm('get'), await htm('Delete'), await htm('patch'), await htm('PATCH')]).toEqual([
      'GET',
      'DELETE',
      'patch',
      'PATCH',
    ]);
  });
});

function contextStub(clock = { now: () => Date.now() }): OidcContext {
  return { dpopKeys: new Map(), settings: { clock } } as unknown as OidcContext;
}

describe('imported DPoP keys, kept by their public half', () => {
  it('a partition whose d does not import is refused even after the good key was imported on this instance', async () => {
    const provider = newProvider({ dpop: dpopBinding(), fetch: tokenTypeRewriter(() => 'DPoP') });
    const { partition, account } = await signIn(provider, idp);
    // A read of the good partition warms the cache (as every request of the signed-in user does).
    await provider.acquireTokenSilent(partition, account, request);
    const p = JSON.parse(partition);
    const broken = JSON.stringify({ ...p, dk: { ...p.dk, d: 'AAAA' } });
    // Kept or not, a key that is not the partition's own private half never proves for it.
    const cached = await caught(provider.acquireTokenSilent(broken, account, request));
    expect(cached).toMatchObject({ code: 'interaction_required' });
  });

  it('a known public half with another d is imported on its own, and fails', async () => {
    const ctx = contextStub();
    const { stored } = await newDpopKey();
    expect(await loadDpopKey(ctx, stored)).not.toBeNull();
    const forged: DpopPrivateJwk = { ...stored, d: 'AAAA' };
    expect(await loadDpopKey(ctx, forged)).toBeNull();
  });

  it('a failed import in flight does not fail a concurrent good import of the same public half', async () => {
    const ctx = contextStub();
    const { stored } = await newDpopKey();
    const [bad, good] = await Promise.all([loadDpopKey(ctx, { ...stored, d: 'AAAA' }), loadDpopKey(ctx, stored)]);
    expect(bad).toBeNull();
    expect(good).not.toBeNull();
  });

  it('imports once while kept, and again after ten minutes', async () => {
    let now = Date.now();
    const ctx = contextStub({ now: () => now });
    const { stored } = await newDpopKey();
    const first = loadDpopKey(ctx, stored);
    expect(loadDpopKey(ctx, stored)).toBe(first);
    now += 10 * 60_000;
    const later = loadDpopKey(ctx, stored);
    expect(later).not.toBe(first);
    expect(await later).not.toBeNull();
  });
});
