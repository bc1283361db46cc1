import { IdentityWebError } from '@identity-web/core/provider';
import { ManualClock } from '@identity-web/core/testing';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { discoveryUrl } from '../src/http/discovery.js';
import { caught, newProvider, SIGN_IN_SCOPES, startSignIn, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

describe('discovery', () => {
  it('is fetched once and reused by every operation within discoveryTtlSeconds, by the injected clock', async () => {
    const clock = new ManualClock();
    const provider = newProvider({ discoveryTtlSeconds: 60, clock });
    await startSignIn(provider);
    await provider.endSessionUrl({ postLogoutRedirectUri: FAKE_OPENID.redirectUri, state: 's' });
    clock.advance(59_000);
    await startSignIn(provider);
    expect(idp.counts.discovery).toBe(1);
    clock.advance(2_000);
    await startSignIn(provider);
    expect(idp.counts.discovery).toBe(2);
  });

  it('collapses concurrent cold-start requests into one fetch', async () => {
    const provider = newProvider();
    await Promise.all(Array.from({ length: 10 }, () => startSignIn(provider)));
    expect(idp.counts.discovery).toBe(1);
  });

  it('is not shared between provider objects (each has its own cache and fetch)', async () => {
    await startSignIn(newProvider());
    await startSignIn(newProvider());
    expect(idp.counts.discovery).toBe(2);
  });

  it('keeps serving a stale document when a refresh fails', async () => {
    const clock = new ManualClock();
    const provider = newProvider({ discoveryTtlSeconds: 60, clock });
    await startSignIn(provider);
    clock.advance(61_000);
    idp.overrides.discovery = () => new HttpResponse(null, { status: 500 });
    await expect(startSignIn(provider)).resolves.toHaveProperty('url');
    expect(idp.counts.discovery).toBe(2);
  });

  it('fails typed on a cold start when discovery fails: a 500 is "try again later"', async () => {
    idp.overrides.discovery = () => new HttpResponse(null, { status: 500 });
    const error = await caught(startSignIn(newProvider()));
    expect(error).toMatchObject({ code: 'idp_unavailable', status: 503 });
    expect(error.message).toMatch(/check that the provider is reachable from this server/);
  });

  it("says nothing is served at the URL it fetched when discovery answers 404, and to check the issuer's path", async () => {
    idp.overrides.discovery = () => new HttpResponse(null, { status: 404 });
    const error = await caught(startSignIn(newProvider()));
    expect(error).toMatchObject({ code: 'idp_error', status: 502 });
    expect(error.message).toBe(
      `discovery failed: nothing is served at ${FAKE_OPENID.issuer}/.well-known/openid-configuration (the provider answered HTTP 404): check "issuer", its path above all (a realm or tenant path, such as Keycloak's /realms/<realm>, belongs in it): the discovery document is looked for at the issuer + "/.well-known/openid-configuration"`,
    );
  });

  it('does not follow a redirect to the URL with a trailing slash, and says the provider must answer without it', async () => {
    // Django's APPEND_SLASH answers so (Django OAuth Toolkit serves the document at ".../openid-configuration/").
    idp.overrides.discovery = () =>
      new HttpResponse(null, { status: 301, headers: { location: '/.well-known/openid-configuration/' } });
    const error = await caught(startSignIn(newProvider()));
    expect(error).toMatchObject({ code: 'idp_error', status: 502 });
    expect(error.message).toBe(
      `discovery failed: the provider answered HTTP 301 (GET ${FAKE_OPENID.issuer}/.well-known/openid-configuration), redirecting to "${FAKE_OPENID.issuer}/.well-known/openid-configuration/": redirects are not followed: the discovery document must be served at the issuer + "/.well-known/openid-configuration" exactly (OpenID Connect Discovery 1.0 §4); the provider serves it with a trailing slash: configure the provider (or a proxy in front of it) to answer ${FAKE_OPENID.issuer}/.well-known/openid-configuration without the slash`,
    );
    expect(error.message).not.toContain('check "issuer"');
    expect(idp.counts.discovery).toBe(1);
  });

  it('names the trailing-slash fix for an issuer with a path, as Django OAuth Toolkit has (/o)', async () => {
    const requested: string[] = [];
    const fetch = async (url: string) => {
      requested.push(url);
      return new Response(null, { status: 301, headers: { location: '/o/.well-known/openid-configuration/' } });
    };
    const error = await caught(startSignIn(newProvider({ issuer: 'https://django.example/o', fetch })));
    expect(requested).toEqual(['https://django.example/o/.well-known/openid-configuration']);
    expect(error.message).toMatch(
      /^discovery failed: the provider answered HTTP 301 \(GET https:\/\/django\.example\/o\/\.well-known\/openid-configuration\), redirecting to "https:\/\/django\.example\/o\/\.well-known\/openid-configuration\/": redirects are not followed: .*; the provider serves it with a trailing slash: configure the provider \(or a proxy in front of it\) to answer https:\/\/django\.example\/o\/\.well-known\/openid-configuration without the slash$/,
    );
  });

  it.each([
    [
      "another issuer's document",
      302,
      'https://login.example.com/tenant/.well-known/openid-configuration',
      `redirecting to "https://login.example.com/tenant/.well-known/openid-configuration": redirects are not followed: the discovery document must be served at the issuer + "/.well-known/openid-configuration" exactly (OpenID Connect Discovery 1.0 §4); if the provider's issuer is "https://login.example.com/tenant", set "issuer" to it, else the provider must serve the document at ${FAKE_OPENID.issuer}/.well-known/openid-configuration`,
    ],
    [
      'a sign-in page',
      302,
      '/login?next=%2F.well-known%2Fopenid-configuration',
      `redirecting to "${FAKE_OPENID.issuer}/login?next=%2F.well-known%2Fopenid-configuration": redirects are not followed: the discovery document must be served at the issuer + "/.well-known/openid-configuration" exactly (OpenID Connect Discovery 1.0 §4); the provider must serve the document at ${FAKE_OPENID.issuer}/.well-known/openid-configuration`,
    ],
    [
      'the same URL',
      303,
      `${FAKE_OPENID.issuer}/.well-known/openid-configuration`,
      `redirecting to "${FAKE_OPENID.issuer}/.well-known/openid-configuration": redirects are not followed: the discovery document must be served at the issuer + "/.well-known/openid-configuration" exactly (OpenID Connect Discovery 1.0 §4); the provider must serve the document at ${FAKE_OPENID.issuer}/.well-known/openid-configuration`,
    ],
    [
      'no Location',
      307,
      undefined,
      'with no Location: redirects are not followed: the discovery document must be served at the issuer + "/.well-known/openid-configuration" exactly (OpenID Connect Discovery 1.0 §4); the provider must serve the document at https://idp.example.com/.well-known/openid-configuration',
    ],
  ])('names where a redirect to %s points, and that it is not followed', async (_case, status, location, said) => {
    const headers: Record<string, string> = location === undefined ? {} : { location };
    idp.overrides.discovery = () => new HttpResponse(null, { status, headers });
    const error = await caught(startSignIn(newProvider()));
    expect(error).toMatchObject({ code: 'idp_error', status: 502 });
    expect(error.message).toBe(
      `discovery failed: the provider answered HTTP ${status} (GET ${FAKE_OPENID.issuer}/.well-known/openid-configuration)${location === undefined ? ' ' : ', '}${said}`,
    );
  });

  it("quotes a redirect's Location safely, and cuts a long one", async () => {
    idp.overrides.discovery = () =>
      new HttpResponse(null, { status: 302, headers: { location: 'https://[idp"\u00e9' } });
    expect((await caught(startSignIn(newProvider()))).message).toContain(
      'with the unusable Location "https://[idp\\"\\u00e9": redirects are not followed',
    );
    idp.overrides.discovery = () =>
      new HttpResponse(null, { status: 302, headers: { location: `/${'x'.repeat(400)}` } });
    const long = (await caught(startSignIn(newProvider()))).message;
    expect(long).toContain(
      `redirecting to "${FAKE_OPENID.issuer}/${'x'.repeat(300 - FAKE_OPENID.issuer.length - 1)}"… (${FAKE_OPENID.issuer.length + 401} characters long): redirects`,
    );
    expect(long).not.toContain('x'.repeat(301));
  });

  it.each([
    ['a trailing slash', `${FAKE_OPENID.issuer}/`, /set "issuer" to ".*\/" exactly: the trailing slash counts/],
    [
      'another issuer',
      'https://other.example.com',
      /check "issuer": if this is your provider, set it to "https:\/\/other.example.com"/,
    ],
  ])(
    'refuses a document whose issuer differs from the configured one by %s, saying what to set',
    async (_case, issuer, fix) => {
      idp.metadata.issuer = issuer;
      const error = await caught(startSignIn(newProvider()));
      expect(error).toBeInstanceOf(IdentityWebError);
      expect(error.code).toBe('idp_error');
      expect(error.message).toContain(
        `names the issuer ${JSON.stringify(issuer)}, not the configured "issuer" "${FAKE_OPENID.issuer}"`,
      );
      expect(error.message).toMatch(fix);
    },
  );

  it('quotes what the provider names safely, and does not advise a cut-off issuer', async () => {
    idp.metadata.issuer = `${FAKE_OPENID.issuer}/\u202egnp.exe\u2028`;
    expect((await caught(startSignIn(newProvider()))).message).toContain(
      `names the issuer "${FAKE_OPENID.issuer}/\\u202egnp.exe\\u2028"`,
    );
    idp.metadata.issuer = `${FAKE_OPENID.issuer}/${'x'.repeat(400)}`;
    const long = await caught(startSignIn(newProvider()));
    expect(long.message).toMatch(/names another issuer .* \(4\d\d characters long\): check "issuer"$/);
    expect(long.message).not.toContain('xxxx');
  });

  it('names the URL oauth4webapi fetched, for issuers with a path, a trailing slash or a double slash', () => {
    expect(discoveryUrl('https://idp.example')).toBe('https://idp.example/.well-known/openid-configuration');
    expect(discoveryUrl('https://idp.example/t/')).toBe('https://idp.example/t/.well-known/openid-configuration');
    expect(discoveryUrl('https://idp.example/realms/a')).toBe(
      'https://idp.example/realms/a/.well-known/openid-configuration',
    );
    expect(discoveryUrl('https://idp.example//t')).toBe('https://idp.example/t/.well-known/openid-configuration');
  });

  it('says so when the configured issuer has the slash and the provider does not', async () => {
    const error = await caught(startSignIn(newProvider({ issuer: `${FAKE_OPENID.issuer}/` })));
    expect(error.message).toMatch(
      new RegExp(`set "issuer" to "${FAKE_OPENID.issuer}" exactly: the trailing slash counts`),
    );
  });

  it.each([
    [
      'the document has the slash and the configuration does not',
      'https://django.example/o',
      'https://django.example/o/',
    ],
    [
      'the configuration has the slash and the document does not',
      'https://django.example/o/',
      'https://django.example/o',
    ],
  ])('names the exact issuer to set when, for an issuer with a path, %s', async (_case, configured, named) => {
    const metadata = { ...idp.metadata, issuer: named };
    const fetch = async () => Response.json(metadata);
    const error = await caught(startSignIn(newProvider({ issuer: configured, fetch })));
    expect(error.message).toBe(
      `discovery failed: the provider's discovery document names the issuer "${named}", not the configured "issuer" "${configured}": set "issuer" to "${named}" exactly: the trailing slash counts, since ID tokens' "iss" is compared character by character (OpenID Connect Core 1.0 §3.1.3.7)`,
    );
  });

  it('refuses plain-http authorization or token endpoints in the document', async () => {
    idp.metadata.token_endpoint = 'http://idp.example.com/token';
    await expect(startSignIn(newProvider())).rejects.toMatchObject({
      message: expect.stringMatching(/token_endpoint/),
    });
  });
});

describe('authorizationUrl', () => {
  it('asks for code + PKCE S256 with state, nonce and the scopes, on the advertised endpoint', async () => {
    const t = await startSignIn(newProvider());
    expect(`${t.url.origin}${t.url.pathname}`).toBe(`${FAKE_OPENID.issuer}/authorize`);
    expect(Object.fromEntries(t.url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'rp-client',
      redirect_uri: FAKE_OPENID.redirectUri,
      scope: SIGN_IN_SCOPES.join(' '),
      state: t.state,
      nonce: t.nonce,
      code_challenge_method: 'S256',
    });
    expect(t.url.searchParams.has('response_mode')).toBe(false);
  });

  it('always asks for openid, and passes prompt, login_hint, domain_hint and claims through', async () => {
    const url = await newProvider().authorizationUrl({
      redirectUri: FAKE_OPENID.redirectUri,
      state: 's',
      nonce: 'n',
      codeChallenge: 'c',
      scopes: ['api.read'],
      prompt: 'consent',
      loginHint: 'alice@example.com',
      domainHint: 'example.com',
      claims: '{"id_token":{"acr":null}}',
      acrValues: ['urn:mfa', 'phr'],
      maxAge: 0,
    });
    expect(url.searchParams.get('acr_values')).toBe('urn:mfa phr');
    expect(url.searchParams.get('max_age')).toBe('0');
    expect(url.searchParams.get('scope')).toBe('api.read openid');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('login_hint')).toBe('alice@example.com');
    expect(url.searchParams.get('domain_hint')).toBe('example.com');
    expect(url.searchParams.get('claims')).toBe('{"id_token":{"acr":null}}');
  });

  it('keeps a query the authorization_endpoint already has', async () => {
    idp.metadata.authorization_endpoint = `${FAKE_OPENID.issuer}/authorize?p=B2C_1_signin`;
    const t = await startSignIn(newProvider());
    expect(t.url.searchParams.get('p')).toBe('B2C_1_signin');
  });
});
