// @identity-web/core/api: for web APIs that accept access tokens. `createIdentityWebApi` makes a
// protected API; each adapter's `protectApi(api, requirement)` guards its routes with it. An entry
// of its own, so a web app that protects no API bundles none of it (the DPoP proof check uses jose).

export type { IdentityWebApiOptions } from './api/config/api-options.js';
export {
  type ApiVerdict,
  createIdentityWebApi,
  type IdentityWebApi,
} from './api/create-identity-web-api.js';
export type { AccessTokenClaims } from './api/domain/access-token-claims.js';
export type { ApiCaller, ApiScheme } from './api/domain/api-caller.js';
export type { ApiRequirement } from './api/domain/api-requirement.js';
