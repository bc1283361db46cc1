import { createOidcProvider, type OidcProviderOptions } from '@identity-web/oidc';
import { describe, expect, it } from 'vitest';

const base: OidcProviderOptions = { issuer: 'https://idp.example.com', clientId: 'c', clientSecret: 's' };

function optionError(options: unknown): TypeError & { code?: string } {
  try {
    createOidcProvider(options as OidcProviderOptions);
  } catch (error) {
    return error as TypeError & { code?: string };
  }
  throw new Error('expected createOidcProvider to throw');
}

describe('createOidcProvider options', () => {
  it('accepts a minimal configuration and exposes issuer and frame origin', () => {
    const provider = createOidcProvider({ ...base, issuer: 'https://idp.example.com/realms/main' });
    expect(provider.issuer).toBe('https://idp.example.com/realms/main');
    expect(provider.frameOrigin).toBe('https://idp.example.com');
  });

  it.each([
    ['a non-URL issuer', { issuer: 'idp.example.com' }, /"issuer" must be an https URL/],
    [
      'an http issuer on another host',
      { issuer: 'http://idp.example.com' },
      /"issuer" must be an https URL \(http allowed only for localhost\/127.0.0.1\)/,
    ],
    [
      'an http loopback issuer without allowInsecureRequests',
      { issuer: 'http://127.0.0.1:4000' },
      /"allowInsecureRequests"/,
    ],
    ['an issuer with a query', { issuer: 'https://idp.example.com/?tenant=1' }, /"issuer" must not have a query/],
    ['a missing clientId', { clientId: undefined }, /"clientId"/],
    ['an empty clientSecret', { clientSecret: '' }, /"clientSecret"/],
    [
      'a basic clientAuth without secret',
      { clientSecret: undefined, clientAuth: 'client_secret_basic' },
      /"clientSecret" is required/,
    ],
    ['an unknown clientAuth', { clientAuth: 'private_key_jwt' }, /"clientAuth"/],
    ['an unknown responseMode', { responseMode: 'fragment' }, /"responseMode"/],
    ['a negative clockSkewSeconds', { clockSkewSeconds: -1 }, /"clockSkewSeconds"/],
    ['a zero discoveryTtlSeconds', { discoveryTtlSeconds: 0 }, /"discoveryTtlSeconds"/],
    ['a fractional timeoutMs', { timeoutMs: 1.5 }, /"timeoutMs"/],
    ['a string allowInsecureRequests', { allowInsecureRequests: 'yes' }, /"allowInsecureRequests"/],
    ['a non-function fetch', { fetch: 'fetch' }, /"fetch"/],
    ['HS256 for logout tokens', { logoutToken: { algorithms: ['HS256'] } }, /"logoutToken.algorithms"/],
    ['"none" for logout tokens', { logoutToken: { algorithms: ['none'] } }, /"logoutToken.algorithms"/],
    ['an empty algorithm list', { logoutToken: { algorithms: [] } }, /"logoutToken.algorithms"/],
    ['a zero logoutToken.maxAgeSeconds', { logoutToken: { maxAgeSeconds: 0 } }, /"logoutToken.maxAgeSeconds"/],
    ['a string revokeOnRemove', { revokeOnRemove: 'true' }, /"revokeOnRemove"/],
    ['a frameOrigin with a path', { frameOrigin: 'https://idp.example.com/x' }, /"frameOrigin"/],
  ])('rejects %s with a TypeError naming the option', (_case, override, message) => {
    const error = optionError({ ...base, ...override });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.code).toMatch(/^ERR_INVALID_ARG_(VALUE|TYPE)$/);
    expect(error.message).toMatch(message);
  });

  it('rejects a missing options object', () => {
    expect(optionError(undefined).code).toBe('ERR_INVALID_ARG_TYPE');
  });

  it('allows an http loopback issuer with allowInsecureRequests', () => {
    for (const issuer of ['http://localhost:4000', 'http://127.0.0.1:4000/op', 'http://[::1]:4000']) {
      expect(createOidcProvider({ ...base, issuer, allowInsecureRequests: true }).issuer).toBe(issuer);
    }
  });

  it('allows a public client with clientAuth "none"', () => {
    expect(() => createOidcProvider({ issuer: base.issuer, clientId: 'c', clientAuth: 'none' })).not.toThrow();
  });

  it('never puts the client secret into an option error', () => {
    const error = optionError({ ...base, clientSecret: 'top-secret', clientAuth: 'bogus' });
    expect(error.message).not.toContain('top-secret');
  });
});
