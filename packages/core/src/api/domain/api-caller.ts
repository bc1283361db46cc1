// The caller of a protected API route, as the route handler reads it.
import type { AccessTokenClaims } from './access-token-claims.js';

/**
 * The authentication schemes of a protected API: RFC 6750 (`Bearer`) and RFC 9449 (`DPoP`).
 *
 * @group Protected API
 */
export type ApiScheme = 'Bearer' | 'DPoP';

/**
 * Who calls a protected API route, once the token (and its DPoP proof) held and the route's
 * requirement passed: the user (`subject`), the app that calls on their behalf (`clientId`), what
 * the token allows (`scopes`, `roles`), every claim, and the token itself (to call further APIs
 * on the user's behalf).
 *
 * @group Protected API
 */
export interface ApiCaller extends AccessTokenClaims {
  /** The access token as presented. */
  readonly token: string;
  /** The scheme it came with: `DPoP` when it is bound to the caller's key and came with a proof. */
  readonly scheme: ApiScheme;
}
