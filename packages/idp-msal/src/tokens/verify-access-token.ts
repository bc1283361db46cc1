// An API's check of Entra ID access tokens: their signature against the authority's keys, and
// which issuers are the authority's; the core checks the claims (Entra's format).
import type { VerifiedLogoutTokenSignature } from '@identity-web/core/provider';
import { expectedIssuer, TENANT_TEMPLATE } from '../authority.js';
import type { MsalContext } from '../context.js';
import { verifyEntraSignature } from '../sign-in/signature.js';

/**
 * The signature of an Entra access token (RS256, the authority's JWKS, the key-set cache's
 * access-token channel, so forged `kid`s sent to an API cannot hold back a rotation sign-ins need).
 */
export async function verifyAccessTokenSignature(
  ctx: MsalContext,
  jwt: string,
  refuse: (reason: string, cause?: unknown) => Error,
): Promise<VerifiedLogoutTokenSignature> {
  return verifyEntraSignature(ctx, jwt, 'access-token', refuse);
}

/** Entra ID's v1.0 issuer of a tenant's access tokens (the v2.0 one is the authority's issuer). */
const V1_ISSUER = `https://sts.windows.net/${TENANT_TEMPLATE}/`;

/**
 * Whether `iss` is the authority's issuer for the token's tenant: the v2.0 issuer (a multi-tenant
 * `{tenantid}` template filled with the token's `tid`, and nothing else), or, for a workforce
 * authority, the v1.0 issuer of that same tenant (`https://sts.windows.net/{tid}/`), which an API
 * whose registration has `accessTokenAcceptedVersion` 1 (or none) receives.
 */
export function acceptsIssuer(ctx: MsalContext, iss: string, claims: Readonly<Record<string, unknown>>): boolean {
  const { issuer, kind } = ctx.settings.authority;
  const v2 = expectedIssuer(issuer, claims.tid);
  if (v2 === null) return false;
  if (iss === v2) return true;
  if (kind !== 'workforce') return false;
  // The tenant the v2.0 issuer names (`https://login.microsoftonline.com/{tid}/v2.0`): pinned by
  // the authority, or the token's own `tid`; a v1.0 token must be of that tenant and say so.
  const tenant = new URL(v2).pathname.split('/')[1];
  return tenant !== undefined && tenant === claims.tid && iss === V1_ISSUER.replace(TENANT_TEMPLATE, tenant);
}
