// Public entry of @identity-web/oidc.
export { createOidcProvider, type OidcIdentityProvider } from './create-oidc-provider.js';
export type {
  ClientAssertionAlgorithm,
  ClientAuthMethod,
  ClientPemKey,
  ClientPrivateKey,
  FetchLike,
  LogoutTokenAlgorithm,
  LogoutTokenOptions,
  OidcProviderOptions,
} from './options.js';
