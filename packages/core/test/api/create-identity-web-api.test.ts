import { createIdentityWebApi, type IdentityWebApiOptions } from '@identity-web/core/api';
import { describe, expect, it } from 'vitest';
import { AcquireTokenOnBehalfOf } from '../../src/api/use-cases/acquire-token-on-behalf-of.js';
import { ApiBackChannelLogout } from '../../src/api/use-cases/api-back-channel-logout.js';
import { ApiSecurityEvent } from '../../src/api/use-cases/api-security-event.js';
import { AuthorizeApiRequest } from '../../src/api/use-cases/authorize-api-request.js';
import { containerOf, container as rootContainer } from '../../src/config/di.js';
import { DI_KEYS } from '../../src/config/di-keys.js';

const provider = {
  issuer: 'https://issuer.test',
  verifyAccessTokenSignature: () => Promise.reject(new Error('unused')),
};
const valid: IdentityWebApiOptions = { identityProvider: provider, audience: 'api://a', baseUrl: 'https://api.test' };

describe('createIdentityWebApi', () => {
  it('takes the least an API needs', () => {
    expect(createIdentityWebApi(valid).origin).toBe('https://api.test');
    expect(createIdentityWebApi({ ...valid, baseUrl: 'http://localhost:4001' }).origin).toBe('http://localhost:4001');
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no provider', { identityProvider: undefined }, /"identityProvider" is missing: .*createOidcApiProvider/],
    ['both', { identityProviders: [provider] }, /"identityProvider" and "identityProviders" were both given/],
    [
      'an empty list',
      { identityProvider: undefined, identityProviders: [] },
      /"identityProviders" must be a non-empty/,
    ],
    ['a provider that cannot check tokens', { identityProvider: { issuer: 'https://x' } }, /verifies access tokens/],
    [
      'two providers of one issuer',
      { identityProvider: undefined, identityProviders: [provider, { ...provider }] },
      /"identityProviders\[1\]" has the issuer of another provider/,
    ],
    ['no audience', { audience: undefined }, /"audience" must be a non-empty string/],
    ['a plain http origin off the machine', { baseUrl: 'http://api.example.com' }, /"baseUrl" must be an https URL/],
    ['a path on the origin', { baseUrl: 'https://api.test/v1' }, /"baseUrl" must be an origin without a path/],
    ['a skew over ten minutes', { clockSkewSeconds: 601 }, /"clockSkewSeconds" must be a whole number from 0 to 600/],
    ['a short nonce secret', { dpop: { nonce: true, nonceSecret: 'short' } }, /"dpop.nonceSecret" must be at least 32/],
    ['a nonce secret without nonces', { dpop: { nonceSecret: 'x'.repeat(32) } }, /only with "dpop.nonce": true/],
    ['a misspelt option', { audiance: 'api://a' }, /audiance/],
    ['a misspelt dpop option', { dpop: { requried: true } }, /dpop.requried/],
    ['a replay cache without putIfAbsent', { replayCache: { has: () => false } }, /"replayCache" must be an object/],
  ])('refuses %s, naming the option', (_, change, message) => {
    const error = (() => {
      try {
        createIdentityWebApi({ ...valid, ...change } as IdentityWebApiOptions);
      } catch (caught) {
        return caught as { code?: string; message: string };
      }
      return undefined;
    })();
    expect(error?.code).toBe('invalid_option');
    expect(error?.message).toMatch(message);
  });
});

describe("an API's wiring: the web app's, a child container of tsyringe's root", () => {
  it("resolves each of its use cases from its own container, once, with the API's settings", () => {
    const api = createIdentityWebApi(valid);
    const own = containerOf(api);
    expect(own).not.toBe(containerOf(createIdentityWebApi(valid)));
    expect(own.resolve<{ origin: string }>(DI_KEYS.ApiSettings).origin).toBe('https://api.test');
    for (const useCase of [AuthorizeApiRequest, AcquireTokenOnBehalfOf, ApiBackChannelLogout]) {
      expect(own.resolve(useCase as never)).toBe(own.resolve(useCase as never));
    }
    // Nothing registered on the root container: a second API keeps its own settings.
    expect(rootContainer.isRegistered(DI_KEYS.ApiSettings)).toBe(false);
  });

  it('makes the security-event use case only with `sharedSignals`: the route fails at start without it', () => {
    const api = createIdentityWebApi(valid);
    expect(() => api.securityEvents()).toThrow(/"sharedSignals" is needed to receive security events/);
    expect(() => containerOf(api).resolve(ApiSecurityEvent)).toThrow(/"sharedSignals"/);
  });
});
