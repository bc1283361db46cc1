// createOidcProvider is a web app's provider; createOidcApiProvider adds what an API needs, so a
// web app does not bundle the access-token check, introspection or the token exchange.
import { createIdentityWebApi } from '@identity-web/core/api';
import { describe, expect, it } from 'vitest';
import { createOidcApiProvider, createOidcProvider } from '../src/index.js';
import { FAKE_OPENID } from '../src/testing/index.js';

const options = { issuer: FAKE_OPENID.issuer, clientId: FAKE_OPENID.clientId, clientSecret: FAKE_OPENID.clientSecret };
const API_METHODS = ['verifyAccessTokenSignature', 'acquireTokenOnBehalfOf', 'introspectAccessToken'];

describe('createOidcProvider and createOidcApiProvider', () => {
  it("give a web app's methods alike, and the API's only from createOidcApiProvider", () => {
    const web = createOidcProvider(options);
    const api = createOidcApiProvider(options);
    const methods = (p: object) =>
      Object.entries(p)
        .filter(([, v]) => typeof v === 'function')
        .map(([k]) => k)
        .sort();
    expect(methods(api)).toEqual([...methods(web), ...API_METHODS].sort());
    for (const name of API_METHODS) expect(web).not.toHaveProperty(name);
    expect([web.issuer, web.clientId, web.frameOrigin]).toEqual([api.issuer, api.clientId, api.frameOrigin]);
  });

  it("say their response mode, so the core's sign-in cookie survives form_post's cross-site POST (SameSite=None)", () => {
    for (const make of [createOidcProvider, createOidcApiProvider]) {
      expect(make({ ...options, responseMode: 'form_post' }).responseMode).toBe('form_post');
      expect(make(options).responseMode).toBe('query');
    }
  });

  it('introspects only for a confidential client', () => {
    expect(
      createOidcApiProvider({ issuer: FAKE_OPENID.issuer, clientId: FAKE_OPENID.clientId }).introspectAccessToken,
    ).toBeUndefined();
    expect(createOidcApiProvider(options).introspectAccessToken).toBeTypeOf('function');
  });

  it('name themselves in an unknown option', () => {
    const bad = { ...options, issur: FAKE_OPENID.issuer } as unknown as typeof options;
    expect(() => createOidcProvider(bad)).toThrow(/createOidcProvider/);
    expect(() => createOidcApiProvider(bad)).toThrow(/createOidcApiProvider/);
  });

  it("a web app's provider given to createIdentityWebApi is refused, by the compiler and at creation", () => {
    const where = { audience: 'https://orders.example.com', baseUrl: 'https://orders.example.com' };
    expect(() =>
      createIdentityWebApi({
        // @ts-expect-error: a web app's provider has no verifyAccessTokenSignature
        identityProvider: createOidcProvider(options),
        ...where,
      }),
    ).toThrow(/createOidcApiProvider\(\.\.\.\) of @identity-web\/oidc.*: it has no verifyAccessTokenSignature/);
    expect(() => createIdentityWebApi({ identityProvider: createOidcApiProvider(options), ...where })).not.toThrow();
  });
});
