// Entry of @identity-web/oidc/testing: a fake OpenID provider for MSW (discovery, JWKS, token
// endpoint, revocation, logout tokens) and its fixed identity, for this package's tests and for
// apps built on it. Needs `msw` 2 (an optional peer dependency). Web APIs only, like the package.
// The helpers only this package's own tests need (discovery document, logout claims, key making
// and signing) stay in their modules, out of the entry.

export {
  type FakeAuthorizeOptions,
  type FakeEndpoint,
  type FakeEndpointOverride,
  FakeOpenIdProvider,
  type FakeOpenIdProviderOptions,
} from './fake-openid-provider.js';
export { FAKE_OPENID } from './openid-shapes.js';
// SigningKey: the type of FakeOpenIdProvider's `signingKey` and `ecKey`.
export type { SigningKey } from './signing-keys.js';
export { SsfTransmitter, type SsfTransmitterOptions } from './ssf-transmitter.js';
