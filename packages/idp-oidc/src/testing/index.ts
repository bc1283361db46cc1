// Entry of @identity-web/oidc/testing: a fake OpenID provider for MSW (discovery, JWKS, token
// endpoint, revocation, logout tokens) and its fixed identity, for this package's tests and for
// apps built on it. Needs `msw` 2 (an optional peer dependency). Web APIs only, like the package.

export {
  type FakeAuthorizeOptions,
  type FakeEndpoint,
  type FakeEndpointOverride,
  FakeOpenIdProvider,
  type FakeOpenIdProviderOptions,
} from './fake-openid-provider.js';
export {
  CLIENT_ID,
  CLIENT_SECRET,
  discoveryDocument,
  ISSUER,
  logoutClaims,
  POST_LOGOUT_REDIRECT_URI,
  REDIRECT_URI,
} from './openid-shapes.js';
export { makeKey, type SigningKey, signJwt } from './signing-keys.js';
export { SsfTransmitter, type SsfTransmitterOptions } from './ssf-transmitter.js';
