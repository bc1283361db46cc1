import { describe, expect, it } from 'vitest';
import { createWebAppIdentity, readWebAppConfig, WebAppConfigError } from '../src/index.js';

const SECRET = 'an-app-secret-of-at-least-32-characters';

const VALID = {
  IDENTITY_WEB_ISSUER: 'http://127.0.0.1:4000',
  IDENTITY_WEB_CLIENT_ID: 'koa-web-app',
  IDENTITY_WEB_CLIENT_SECRET: 'a-client-secret',
  IDENTITY_WEB_BASE_URL: 'http://localhost:4002',
  IDENTITY_WEB_SECRET: SECRET,
  DOWNSTREAM_API_URL: 'http://127.0.0.1:4001/whoami',
  DOWNSTREAM_API_SCOPES: 'api:read',
};

function problemsOf(env: Record<string, string | undefined>): WebAppConfigError {
  try {
    readWebAppConfig(env);
  } catch (error) {
    if (error instanceof WebAppConfigError) return error;
    throw error;
  }
  throw new Error('expected a WebAppConfigError');
}

describe('readWebAppConfig', () => {
  it('reads a complete environment, with defaults for the optional variables', () => {
    expect(readWebAppConfig(VALID)).toEqual({
      idp: { kind: 'oidc', issuer: 'http://127.0.0.1:4000' },
      clientId: 'koa-web-app',
      clientSecret: 'a-client-secret',
      baseUrl: 'http://localhost:4002',
      secrets: [SECRET],
      downstreamApi: { url: 'http://127.0.0.1:4001/whoami', scopes: ['api:read'], extraScopes: [] },
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'warn',
    });
  });

  it('names every missing variable at once', () => {
    const error = problemsOf({});
    expect(error.variables).toEqual([
      'IDENTITY_WEB_ISSUER',
      'IDENTITY_WEB_CLIENT_ID',
      'IDENTITY_WEB_CLIENT_SECRET',
      'IDENTITY_WEB_BASE_URL',
      'IDENTITY_WEB_SECRET',
      'DOWNSTREAM_API_URL',
      'DOWNSTREAM_API_SCOPES',
    ]);
    expect(error.message).toMatch(/IDENTITY_WEB_ISSUER is required/);
    expect(error.code).toBe('ERR_INVALID_ENV');
  });

  it.each([
    ['IDENTITY_WEB_IDP', 'okta', /must be one of "oidc", "msal"/],
    ['IDENTITY_WEB_ISSUER', 'not a url', /absolute https URL/],
    ['IDENTITY_WEB_ISSUER', 'http://idp.example.com', /plain http is allowed only for localhost/],
    ['IDENTITY_WEB_BASE_URL', 'https://app.example.com/app', /origin without a path/],
    ['IDENTITY_WEB_SECRET', 'short', /at least 32 characters/],
    ['IDENTITY_WEB_SECRET', `${SECRET},short`, /each of them/],
    ['DOWNSTREAM_API_URL', 'ftp://api.example.com', /absolute https URL/],
    ['DOWNSTREAM_API_SCOPES', '   ', /is required/],
    ['DOWNSTREAM_API_EXTRA_SCOPES', 'api:"write"', /invalid scope/],
    ['PORT', '80a', /port number/],
    ['PORT', '70000', /port number/],
    ['IDENTITY_WEB_LOG_LEVEL', 'loud', /must be one of/],
  ])('refuses %s=%j with a message naming it', (variable, value, message) => {
    const error = problemsOf({ ...VALID, [variable]: value });
    expect(error.variables).toEqual([variable]);
    expect(error.message).toContain(variable);
    expect(error.problems[0]?.message).toMatch(message);
  });

  it('never repeats a secret in a message', () => {
    const secret = 'too-short-but-secret';
    const error = problemsOf({ ...VALID, IDENTITY_WEB_SECRET: secret, IDENTITY_WEB_CLIENT_SECRET: '' });
    expect(error.message).not.toContain(secret);
  });

  it('reads a rotation list: the first secret signs, all of them verify', () => {
    const next = 'the-next-secret-also-32-characters-long';
    expect(readWebAppConfig({ ...VALID, IDENTITY_WEB_SECRET: `${next}, ${SECRET}` }).secrets).toEqual([next, SECRET]);
  });

  describe('IDENTITY_WEB_IDP=msal', () => {
    const msal = { ...VALID, IDENTITY_WEB_IDP: 'msal', IDENTITY_WEB_ISSUER: undefined };

    it('takes a tenant or an authority, not the OpenID issuer', () => {
      expect(readWebAppConfig({ ...msal, IDENTITY_WEB_TENANT: 'contoso.onmicrosoft.com' }).idp).toEqual({
        kind: 'msal',
        tenant: 'contoso.onmicrosoft.com',
      });
      expect(
        readWebAppConfig({ ...msal, IDENTITY_WEB_AUTHORITY: 'https://login.microsoftonline.us/contoso' }).idp,
      ).toEqual({ kind: 'msal', authority: 'https://login.microsoftonline.us/contoso' });
    });

    it('needs exactly one of the two', () => {
      expect(problemsOf(msal).variables).toEqual(['IDENTITY_WEB_TENANT']);
      const both = { ...msal, IDENTITY_WEB_TENANT: 'common', IDENTITY_WEB_AUTHORITY: 'https://login.example.com/x' };
      expect(problemsOf(both).message).toMatch(/exactly one of IDENTITY_WEB_TENANT/);
    });

    it('names the variable when the provider library refuses its value', () => {
      const env = { ...msal, IDENTITY_WEB_AUTHORITY: 'http://localhost/contoso' }; // msal: https only
      const error = (() => {
        try {
          createWebAppIdentity(env);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(WebAppConfigError);
      expect((error as WebAppConfigError).variables).toEqual(['IDENTITY_WEB_AUTHORITY']);
    });

    it('builds an identity-web instance on @identity-web/msal without any network call', () => {
      const { identity, config } = createWebAppIdentity({ ...msal, IDENTITY_WEB_TENANT: 'common' });
      expect(config.idp.kind).toBe('msal');
      expect(identity.settings.scopes).toEqual(['api:read', 'offline_access', 'openid', 'profile']);
      identity.close();
    });
  });
});

describe('createWebAppIdentity', () => {
  it('asks for the API scopes at sign-in and derives the redirect URIs from the base URL', () => {
    const { identity } = createWebAppIdentity(VALID);
    expect(identity.settings.scopes).toEqual(['api:read', 'offline_access', 'openid', 'profile']);
    expect(identity.settings.redirectUri).toBe('http://localhost:4002/auth/callback');
    identity.close();
  });
});
