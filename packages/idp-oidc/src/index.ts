// Public entry of @identity-web/oidc.
export { createOidcProvider, type OidcIdentityProvider } from './create-oidc-provider.js';
export type {
  ClientAssertionAlgorithm,
  ClientAuthMethod,
  ClientPemKey,
  ClientPrivateKey,
  FetchLike,
  IdTokenAlgorithm,
  IdTokenOptions,
  LogoutTokenAlgorithm,
  LogoutTokenOptions,
  OidcProviderOptions,
} from './options.js';
