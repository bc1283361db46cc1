import { IdentityWebError } from '@identity-web/core/provider';
import { createOidcProvider, type OidcProviderOptions, privateKeyJwt } from '@identity-web/oidc';
import { describe, expect, it } from 'vitest';

const base: OidcProviderOptions = { issuer: 'https://idp.example.com', clientId: 'c', clientSecret: 's' };

function optionError(options: unknown): IdentityWebError {
  try {
    createOidcProvider(options as OidcProviderOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityWebError);
    return error as IdentityWebError;
  }
  throw new Error('expected createOidcProvider to throw');
}

// Only its header matters to the option checks; real keys are in the oidc-provider tests.
const PEM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----';

describe('createOidcProvider options', () => {
  it('accepts a minimal configuration and exposes issuer and frame origin', () => {
    const provider = createOidcProvider({ ...base, issuer: 'https://idp.example.com/realms/main' });
    expect(provider.issuer).toBe('https://idp.example.com/realms/main');
    expect(provider.frameOrigin).toBe('https://idp.example.com');
  });

  // [what is wrong, the override, the option named in `option`, what the message says]
  it.each([
    ['a non-URL issuer', { issuer: 'idp.example.com' }, 'issuer', /must be an https URL/],
    ['an http issuer on another host', { issuer: 'http://idp.example.com' }, 'issuer', /plain http only for localhost/],
    [
      'an http loopback issuer without allowInsecureRequests',
      { issuer: 'http://127.0.0.1:4000' },
      'issuer',
      /"allowInsecureRequests"/,
    ],
    ['an issuer with a query', { issuer: 'https://idp.example.com/?tenant=1' }, 'issuer', /must not have a query/],
    ['a missing clientId', { clientId: undefined }, 'clientId', /non-empty string/],
    ['an empty clientSecret', { clientSecret: '' }, 'clientSecret', /non-empty string/],
    [
      'a basic clientAuth without secret',
      { clientSecret: undefined, clientAuth: 'client_secret_basic' },
      'clientSecret',
      /is required when "clientAuth"/,
    ],
    [
      'an unknown clientAuth',
      { clientAuth: 'tls_client_auth' },
      'clientAuth',
      /must be one of "client_secret_basic", "client_secret_post", "client_secret_jwt", "none", or privateKeyJwt\(keys\) for private_key_jwt \(got "tls_client_auth"\)/,
    ],
    [
      'client_secret_jwt without a secret',
      { clientSecret: undefined, clientAuth: 'client_secret_jwt' },
      'clientSecret',
      /required/,
    ],
    ['a relative resource', { resource: '/orders' }, 'resource', /absolute URIs/],
    ['a resource with a fragment', { resource: ['https://api.example#x'] }, 'resource', /fragment/],
    ['an unknown resourceParameter', { resourceParameter: 'aud' }, 'resourceParameter', /"audience"/],
    ['an unknown responseMode', { responseMode: 'fragment' }, 'responseMode', /form_post/],
    ['a negative clockSkewSeconds', { clockSkewSeconds: -1 }, 'clockSkewSeconds', /from 0 to 600/],
    ['a zero discoveryTtlSeconds', { discoveryTtlSeconds: 0 }, 'discoveryTtlSeconds', /of 1 or more/],
    ['a fractional timeoutMs', { timeoutMs: 1.5 }, 'timeoutMs', /whole number/],
    ['a string allowInsecureRequests', { allowInsecureRequests: 'yes' }, 'allowInsecureRequests', /boolean/],
    ['a non-function fetch', { fetch: 'fetch' }, 'fetch', /function/],
    ['a clock without now()', { clock: { time: 0 } }, 'clock', /now\(\)/],
    ['a logoutToken that is not an object', { logoutToken: 'strict' }, 'logoutToken', /object/],
    ['HS256 for logout tokens', { logoutToken: { algorithms: ['HS256'] } }, 'logoutToken.algorithms', /asymmetric/],
    ['"none" for logout tokens', { logoutToken: { algorithms: ['none'] } }, 'logoutToken.algorithms', /asymmetric/],
    ['an empty algorithm list', { logoutToken: { algorithms: [] } }, 'logoutToken.algorithms', /non-empty/],
    ['a zero logoutToken.maxAgeSeconds', { logoutToken: { maxAgeSeconds: 0 } }, 'logoutToken.maxAgeSeconds', /from 1/],
    [
      'a logoutToken.maxAgeSeconds past a day',
      { logoutToken: { maxAgeSeconds: 86_401 } },
      'logoutToken.maxAgeSeconds',
      /to 86400 \(one day\)/,
    ],
    [
      'a string logoutToken.allowMissingExp',
      { logoutToken: { allowMissingExp: 'no' } },
      'logoutToken.allowMissingExp',
      /boolean/,
    ],
    ['a string acceptUnadvertisedIss', { acceptUnadvertisedIss: 1 }, 'acceptUnadvertisedIss', /boolean/],
    ['a frameOrigin with a path', { frameOrigin: 'https://idp.example.com/x' }, 'frameOrigin', /origin/],
  ])('rejects %s as invalid_option naming the option', (_case, override, option, message) => {
    const error = optionError({ ...base, ...override });
    expect(error).toMatchObject({ code: 'invalid_option', option, status: 500, expose: false });
    expect(error.message).toContain(`"${option}"`);
    expect(error.message).toMatch(message);
  });

  it('rejects a missing options object', () => {
    expect(optionError(undefined)).toMatchObject({ code: 'invalid_option', option: 'options' });
  });

  it('allows an http loopback issuer with allowInsecureRequests', () => {
    for (const issuer of ['http://localhost:4000', 'http://127.0.0.1:4000/op', 'http://[::1]:4000']) {
      expect(createOidcProvider({ ...base, issuer, allowInsecureRequests: true }).issuer).toBe(issuer);
    }
  });

  it('allows a public client with clientAuth "none"', () => {
    expect(() => createOidcProvider({ issuer: base.issuer, clientId: 'c', clientAuth: 'none' })).not.toThrow();
  });

  it('accepts any object with a now() method as the clock', () => {
    expect(() => createOidcProvider({ ...base, clock: { now: () => 0 } })).not.toThrow();
  });

  it('never puts the client secret into an option error', () => {
    const error = optionError({ ...base, clientSecret: 'top-secret', clientAuth: 'bogus' });
    expect(error.message).not.toContain('top-secret');
  });
});

describe('createOidcProvider refuses what cannot be meant', () => {
  it.each([
    [{ clientSecert: 's' }, 'clientSecert', 'clientSecret'],
    [{ allowInsecureRequest: true }, 'allowInsecureRequest', 'allowInsecureRequests'],
    [{ logoutToken: { maxAge: 60 } }, 'logoutToken.maxAge', 'logoutToken.maxAgeSeconds'],
    [{ clientauth: 'client_secret_post' }, 'clientauth', 'clientAuth'],
  ])('%j: a typo named with its path and the option it meant', (extra, path, near) => {
    const error = optionError({ ...base, ...extra });
    expect(error.option).toBe(path);
    expect(error.message).toContain(`"${path}" is not an option of createOidcProvider: did you mean "${near}"?`);
  });

  it('refuses clientSecret: undefined (an unset variable) instead of becoming a public client', () => {
    const error = optionError({ ...base, clientSecret: undefined });
    expect(error.option).toBe('clientSecret');
    expect(error.message).toMatch(/is undefined \(an unset environment variable\?\)/);
    expect(error.message).toMatch(/leave "clientSecret" out for a public client/);
    // Left out, it is a public client, as documented.
    const { clientSecret: _, ...publicClient } = base;
    expect(() => createOidcProvider(publicClient)).not.toThrow();
  });
});

describe('privateKeyJwt(keys): the keys checked when it is called, never quoted', () => {
  // [what is wrong, the keys, the option named in `option`, what the message says]
  it.each([
    ['no keys', [], 'privateKeyJwt', /non-empty list/],
    ['no list', undefined, 'privateKeyJwt', /non-empty list/],
    ['a public JWK', [{ kty: 'RSA', n: 'x', e: 'AQAB', kid: 'a' }], 'privateKeyJwt[0]', /private JWK/],
    [
      'a key without kid',
      [{ kty: 'EC', crv: 'P-256', d: 'x', x: 'x', y: 'y' }],
      'privateKeyJwt[0].kid',
      /name the key/,
    ],
    [
      'a repeated kid',
      [
        { pem: PEM, kid: 'k' },
        { pem: PEM, kid: 'k' },
      ],
      'privateKeyJwt[1].kid',
      /repeats/,
    ],
    [
      'a PEM that is not PKCS#8',
      [{ pem: '-----BEGIN RSA PRIVATE KEY-----', kid: 'k' }],
      'privateKeyJwt[0].pem',
      /PKCS#8/,
    ],
    ['a symmetric algorithm', [{ pem: PEM, kid: 'k', alg: 'HS256' }], 'privateKeyJwt[0].alg', /asymmetric/],
  ])('rejects %s as invalid_option naming the key', (_case, keys, option, message) => {
    let error: unknown;
    try {
      privateKeyJwt(keys as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error).toMatchObject({ code: 'invalid_option', option });
    expect((error as Error).message).toMatch(message);
  });

  it('is taken as clientAuth, a secret beside it or not', () => {
    const clientAuth = privateKeyJwt([{ pem: PEM, kid: 'k', alg: 'EdDSA' }]);
    expect(() => createOidcProvider({ ...base, clientSecret: undefined, clientAuth })).not.toThrow();
    expect(() => createOidcProvider({ ...base, clientAuth })).not.toThrow();
  });

  const FIX =
    "write clientAuth: privateKeyJwt(keys), with import { privateKeyJwt } from '@identity-web/oidc': the value brings the code that signs client assertions, which an app that authenticates otherwise does not bundle";

  it('refuses clientAuth "private_key_jwt" and the former clientPrivateKeys option with the line to write', () => {
    expect(optionError({ ...base, clientAuth: 'private_key_jwt' })).toMatchObject({
      option: 'clientAuth',
      message: `identity-web: "clientAuth" takes the keys for "private_key_jwt": ${FIX}`,
    });
    expect(optionError({ ...base, clientPrivateKeys: [{ pem: PEM, kid: 'k' }] })).toMatchObject({
      option: 'clientPrivateKeys',
      message: `identity-web: "clientPrivateKeys" is no option: ${FIX}`,
    });
  });

  it('refuses an object as clientAuth that privateKeyJwt() did not make, and null, at creation', () => {
    const signing = () => undefined;
    for (const clientAuth of [
      {},
      null,
      { authenticates: 'private_key_jwt' },
      { keys: [] },
      // Shaped like the value, but with no keys (FAPI 2.0 reads their algorithms) or parts missing.
      { authenticates: 'private_key_jwt', clientAuth: signing },
      { authenticates: 'private_key_jwt', keys: [], clientAuth: signing, publicJwks: signing },
      { authenticates: 'private_key_jwt', keys: [{ kid: 'k', alg: 'ES256' }], clientAuth: signing },
    ]) {
      expect(optionError({ ...base, clientAuth })).toMatchObject({
        option: 'clientAuth',
        message: `identity-web: "clientAuth" must be a method's name or what privateKeyJwt(keys) returns: ${FIX}`,
      });
    }
  });
});
