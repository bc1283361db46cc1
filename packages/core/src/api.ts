// @identity-web/core/api: for web APIs that accept access tokens. `createIdentityWebApi` makes a
// protected API; each adapter's `protectApi(api, requirement)` guards its routes with it. An entry
// of its own, so a web app that protects no API bundles none of it (the DPoP proof check uses jose).

export type { AccessTokenProvider, ApiStoreOptions, IdentityWebApiOptions } from './api/config/api-options.js';
export {
  type ApiVerdict,
  createIdentityWebApi,
  type IdentityWebApi,
} from './api/create-identity-web-api.js';
export type { AccessTokenClaims, AccessTokenFormat } from './api/domain/access-token-claims.js';
export type { ApiCaller, ApiScheme } from './api/domain/api-caller.js';
export type { ApiRequirement } from './api/domain/api-requirement.js';
export type { OnBehalfOfRequest } from './api/use-cases/acquire-token-on-behalf-of.js';
export type { LogoutTokenClaims } from './domain/logout-token.js';
// The types the options, the guard and the API's methods name, so an API and an adapter import
// from this entry alone (each is also in the entry of its first audience: the app's, the
// adapters', the provider authors' or the store authors').
export type { AccessToken } from './domain/token.js';
export type { CookieOptions, CookieToSet, HttpRequest, HttpResult } from './http/types.js';
export type { AccountRegistry, RegistryEntry } from './ports/account-registry.port.js';
export type { Clock } from './ports/clock.port.js';
export type {
  DpopProofRequest,
  DpopProver,
  SilentTokenRequest,
  TokenResult,
} from './ports/identity-provider.port.js';
export type { Logger } from './ports/logger.port.js';
export type { ReplayCache } from './ports/replay-cache.port.js';
export type { StoreApp } from './ports/store-app.port.js';
export type { TokenCacheStore, VersionedValue } from './ports/token-cache-store.port.js';
