import { ErrorCode } from '@identity-web/core/provider';
import { FAKE_ENTRA, FakeEntra, makeUser } from '@identity-web/msal/testing';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { TOKEN_HEADERS } from '../src/testing/entra-shapes.js';
import { accountsIn, provider, SIGN_IN_SCOPES, signIn, silent, transaction, useMsw } from './support/harness.js';

const server = useMsw();
const B2C = 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_SignIn';
// msal lowercases the authority before discovery (docs/entra-id.md).
const B2C_BASE = 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_signin';

/** A B2C OpenID configuration: every endpoint hangs off the policy (docs/entra-id.md). */
function b2cDiscovery() {
  return {
    issuer: `https://contoso.b2clogin.com/${FAKE_ENTRA.tenantId}/v2.0/`,
    authorization_endpoint: `${B2C_BASE}/oauth2/v2.0/authorize`,
    token_endpoint: `${B2C_BASE}/oauth2/v2.0/token`,
    end_session_endpoint: `${B2C_BASE}/oauth2/v2.0/logout`,
    jwks_uri: `${B2C_BASE}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    response_types_supported: [
      'code',
      'code id_token',
      'code token',
      'code id_token token',
      'id_token',
      'id_token token',
      'token',
      'token id_token',
    ],
    scopes_supported: ['openid'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    claims_supported: ['name', 'oid', 'sub', 'tfp', 'iss', 'iat', 'exp', 'aud', 'acr', 'nonce', 'auth_time'],
  };
}

function discoveryAt(url: string, answer: () => Response | Promise<Response>) {
  const seen: string[] = [];
  server.use(
    http.get(url, async ({ request }) => {
      seen.push(request.url);
      return answer();
    }),
  );
  return seen;
}

describe('Azure AD B2C', () => {
  it('discovers once for any number of per-call clients, with knownAuthorities implied', async () => {
    const entra = new FakeEntra(B2C_BASE);
    entra.b2c = true;
    server.use(...entra.handlers());
    const seen = discoveryAt(`${B2C_BASE}/v2.0/.well-known/openid-configuration`, () =>
      HttpResponse.json(b2cDiscovery(), { headers: TOKEN_HEADERS }),
    );
    const idp = provider({ tenant: undefined, authority: B2C });
    const urls = await Promise.all(
      Array.from({ length: 10 }, () =>
        idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: ['openid'], ...transaction() }),
      ),
    );
    expect(urls[0]?.toString()).toMatch(new RegExp(`^${B2C_BASE}/oauth2/v2.0/authorize\\?`));
    const user = makeUser(30);
    const { account, partition } = await signIn(idp, entra, user);
    expect(account.key).toBe(user.homeAccountId);
    const refreshed = await idp.acquireTokenSilent(partition, account, silent({ forceRefresh: true }));
    expect(refreshed.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    expect(seen).toHaveLength(1);
    expect(entra.tokenRequests.every((r) => r.url.pathname === new URL(`${B2C_BASE}/oauth2/v2.0/token`).pathname)).toBe(
      true,
    );
  });

  it('uses authorityMetadata without any discovery request', async () => {
    const seen = discoveryAt(`${B2C_BASE}/v2.0/.well-known/openid-configuration`, () => HttpResponse.json({}));
    const idp = provider({ tenant: undefined, authority: B2C, authorityMetadata: JSON.stringify(b2cDiscovery()) });
    await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: ['openid'], ...transaction() });
    expect(seen).toHaveLength(0);
    expect(idp.issuer).toBe(`https://contoso.b2clogin.com/${FAKE_ENTRA.tenantId}/v2.0/`);
  });

  it('reports a failed discovery as idp_unavailable and retries it on the next call', async () => {
    let fail = true;
    discoveryAt(`${B2C_BASE}/v2.0/.well-known/openid-configuration`, () =>
      fail
        ? new HttpResponse('<html>down</html>', { status: 503, headers: { 'Content-Type': 'text/html' } })
        : HttpResponse.json(b2cDiscovery(), { headers: TOKEN_HEADERS }),
    );
    const idp = provider({ tenant: undefined, authority: B2C });
    const request = () =>
      idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: ['openid'], ...transaction() });
    await expect(request()).rejects.toMatchObject({ code: ErrorCode.IdpUnavailable, status: 503 });
    fail = false;
    await expect(request()).resolves.toBeInstanceOf(URL);
  });

  it('bounds a discovery that never answers by timeoutMs', async () => {
    discoveryAt(`${B2C_BASE}/v2.0/.well-known/openid-configuration`, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const idp = provider({ tenant: undefined, authority: B2C, timeoutMs: 200 });
    const started = performance.now();
    await expect(
      idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: ['openid'], ...transaction() }),
    ).rejects.toMatchObject({ code: ErrorCode.IdpUnavailable });
    expect(performance.now() - started).toBeLessThan(900);
  });
});

describe('instance discovery (docs/entra-id.md)', () => {
  const INSTANCE = 'https://login.microsoftonline.com/common/discovery/instance';

  it('is asked when knownAuthorities is emptied, and an unknown host is refused as idp_error', async () => {
    const asked = discoveryAt(INSTANCE, () =>
      HttpResponse.json(
        {
          error: 'invalid_instance',
          error_description: 'AADSTS50049: Unknown or invalid instance.',
          error_codes: [50049],
        },
        { status: 400, headers: TOKEN_HEADERS },
      ),
    );
    const idp = provider({ tenant: undefined, authority: B2C, knownAuthorities: [] });
    await expect(
      idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: ['openid'], ...transaction() }),
    ).rejects.toMatchObject({ code: ErrorCode.IdpError, status: 502 });
    expect(new URL(asked[0] ?? INSTANCE).searchParams.get('authorization_endpoint')).toBe(
      `${B2C_BASE}/oauth2/v2.0/authorize`,
    );
  });

  it('is skipped when cloudDiscoveryMetadata names the host', async () => {
    const asked = discoveryAt(INSTANCE, () => HttpResponse.json({}));
    const seen = discoveryAt(`${B2C_BASE}/v2.0/.well-known/openid-configuration`, () =>
      HttpResponse.json(b2cDiscovery(), { headers: TOKEN_HEADERS }),
    );
    const cloudDiscoveryMetadata = {
      tenant_discovery_endpoint: `${B2C_BASE}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        {
          preferred_network: 'contoso.b2clogin.com',
          preferred_cache: 'contoso.b2clogin.com',
          aliases: ['contoso.b2clogin.com'],
        },
      ],
    };
    const idp = provider({ tenant: undefined, authority: B2C, knownAuthorities: [], cloudDiscoveryMetadata });
    await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: ['openid'], ...transaction() });
    expect(asked).toHaveLength(0);
    expect(seen).toHaveLength(1);
  });
});

describe('External ID (ciamlogin.com)', () => {
  it('rewrites a bare host to {sub}.onmicrosoft.com and discovers there, as msal does', async () => {
    const base = 'https://contosoid.ciamlogin.com/contosoid.onmicrosoft.com';
    const seen = discoveryAt(`${base}/v2.0/.well-known/openid-configuration`, () =>
      HttpResponse.json(
        {
          // External ID issuer (docs/entra-id.md): https://{domain}.ciamlogin.com/{tenantId}/v2.0. msal checks this
          // issuer's host against the authority's (Authority.validateIssuer).
          issuer: `https://contosoid.ciamlogin.com/${FAKE_ENTRA.tenantId}/v2.0`,
          authorization_endpoint: `https://contosoid.ciamlogin.com/${FAKE_ENTRA.tenantId}/oauth2/v2.0/authorize`,
          token_endpoint: `https://contosoid.ciamlogin.com/${FAKE_ENTRA.tenantId}/oauth2/v2.0/token`,
          jwks_uri: `https://contosoid.ciamlogin.com/${FAKE_ENTRA.tenantId}/discovery/v2.0/keys`,
        },
        { headers: TOKEN_HEADERS },
      ),
    );
    const idp = provider({ tenant: undefined, authority: 'https://contosoid.ciamlogin.com/' });
    const url = await idp.authorizationUrl({
      redirectUri: FAKE_ENTRA.redirectUri,
      scopes: ['openid'],
      ...transaction(),
    });
    expect(url.pathname).toBe(`/${FAKE_ENTRA.tenantId}/oauth2/v2.0/authorize`);
    expect(seen).toHaveLength(1);
  });
});

describe('sovereign cloud', () => {
  it('uses msal’s built-in metadata for login.microsoftonline.us: no discovery, tokens from that host', async () => {
    const authority = `https://login.microsoftonline.us/${FAKE_ENTRA.tenantId}`;
    const entra = new FakeEntra(authority);
    server.use(...entra.handlers());
    const idp = provider({
      tenant: undefined,
      authority,
      issuer: `https://login.microsoftonline.us/${FAKE_ENTRA.tenantId}/v2.0`,
    });
    const user = makeUser(31);
    // The fake's id token names login.microsoftonline.com; a US-cloud token names its own host.
    const t = transaction();
    const url = await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
    expect(url.origin).toBe('https://login.microsoftonline.us');
    const params = entra.authorize(url, user);
    const failure = await idp
      .redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t })
      .catch((e) => e);
    // The issuer check is on: a token naming another cloud is refused.
    expect(failure).toMatchObject({ code: ErrorCode.InvalidCallback });
    expect(entra.tokenRequests[0]?.url.origin).toBe('https://login.microsoftonline.us');
  });

  it('signs in when the token’s issuer is the cloud’s own', async () => {
    const authority = `https://login.microsoftonline.us/${FAKE_ENTRA.tenantId}`;
    const entra = new FakeEntra(authority);
    entra.issuerHost = 'https://login.microsoftonline.us';
    server.use(...entra.handlers());
    const idp = provider({ tenant: undefined, authority });
    const user = makeUser(32);
    const { partition } = await signIn(idp, entra, user);
    expect(accountsIn(partition)).toEqual(new Set([user.homeAccountId]));
    expect(Object.keys(JSON.parse(partition).Account)[0]).toContain('-login.microsoftonline.us-');
  });
});
