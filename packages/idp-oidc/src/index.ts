// Public entry of @identity-web/oidc.

export type { PrivateKeyJwt } from './client-auth.js';
export {
  type ClientAssertionAlgorithm,
  type ClientPemKey,
  type ClientPrivateKey,
  privateKeyJwt,
} from './client-keys.js';
export { createOidcApiProvider, type OidcApiProvider } from './create-oidc-api-provider.js';
export { createOidcProvider, type OidcIdentityProvider } from './create-oidc-provider.js';
export type { ClientAuthMethod, OidcProviderOptions } from './options.js';
export type { SharedSignalsStream, StreamRequest } from './shared-signals/streams.js';
export { sharedSignalsTransmitter } from './shared-signals/transmitter.js';
export type {
  SharedSignalsTransmitter,
  SharedSignalsTransmitterOptions,
} from './shared-signals/transmitter-types.js';
export type { IdTokenAlgorithm, LogoutTokenAlgorithm } from './signatures/algorithm-options.js';
export type { IdTokenOptions, LogoutTokenOptions } from './signatures/token-options.js';
export { dpopBinding } from './tokens/dpop.js';
export type { DpopBinding } from './tokens/dpop-key.js';
