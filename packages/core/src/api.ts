// @identity-web/core/api: for web APIs that accept access tokens. `createIdentityWebApi` makes a
// protected API; each adapter's `protectApi(api, requirement)` guards its routes with it. An entry
// of its own, so a web app that protects no API bundles none of it (the DPoP proof check uses jose).
// The core's types its signatures name (a store's ports, the provider's token result, the HTTP
// request and answer) are imported from the entry that exports them, not re-exported here.

export type { AccessTokenProvider, ApiStoreOptions, IdentityWebApiOptions } from './api/config/api-options.js';
export type { ApiIntrospectionOptions } from './api/config/introspection-options.js';
export {
  type ApiVerdict,
  createIdentityWebApi,
  type IdentityWebApi,
} from './api/create-identity-web-api.js';
export type { AccessTokenClaims, AccessTokenFormat } from './api/domain/access-token-claims.js';
export type { ApiCaller, ApiScheme } from './api/domain/api-caller.js';
export type { ApiRequirement } from './api/domain/api-requirement.js';
export type { OnBehalfOfRequest } from './api/use-cases/acquire-token-on-behalf-of.js';
