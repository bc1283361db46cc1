// An API's check of Entra ID access tokens: their signature against the authority's keys, and
// which issuers are the authority's; the core checks the claims (Entra's format).
import type { VerifiedJws } from '@identity-web/core/provider';
import { invalidOption } from '@identity-web/core/provider';
import { expectedIssuer, TENANT_TEMPLATE, tenantIn } from '../authority.js';
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
): Promise<VerifiedJws> {
  return verifyEntraSignature(ctx, jwt, 'access-token', refuse);
}

/** Entra ID's v1.0 issuer of a tenant's access tokens (the v2.0 one is the authority's issuer). */
const V1_ISSUER = `https://sts.windows.net/${TENANT_TEMPLATE}/`;

/**
 * Whether `iss` is the authority's issuer for the token's tenant: the v2.0 issuer (a multi-tenant
 * `{tenantid}` template filled with the token's `tid`, one of `tenants`, and nothing else), or,
 * for a workforce authority, the v1.0 issuer of that same tenant (`https://sts.windows.net/{tid}/`),
 * which an API whose registration has `accessTokenAcceptedVersion` 1 (or none) receives. Claims
 * without `tid` (a security event's subject: an issuer and a `sub`) take the tenant the v2.0 issuer
 * names.
 */
export function acceptsIssuer(ctx: MsalContext, iss: string, claims: Readonly<Record<string, unknown>>): boolean {
  const { issuer, kind, tenants } = ctx.settings.authority;
  const tid = claims.tid ?? tenantIn(iss, issuer);
  const v2 = expectedIssuer(issuer, tid, tenants);
  if (v2 === null) return false;
  if (iss === v2) return true;
  if (kind !== 'workforce' || claims.tid === undefined) return false;
  // The tenant the v2.0 issuer names (`https://login.microsoftonline.com/{tid}/v2.0`): pinned by
  // the authority, or the token's own `tid`; a v1.0 token must be of that tenant and say so.
  const tenant = new URL(v2).pathname.split('/')[1];
  return tenant !== undefined && tenant === claims.tid && iss === V1_ISSUER.replace(TENANT_TEMPLATE, tenant);
}

/**
 * The issuer an API files a user of an accepted `iss` under: the v2.0 issuer of the token's
 * tenant (`tid`, or the tenant its v2.0 `iss` names), so a user's v1.0 and v2.0 tokens are one
 * user, and the tenants of a multi-tenant authority never share a user's tokens or sign-outs.
 */
export function userIssuer(ctx: MsalContext, iss: string, claims: Readonly<Record<string, unknown>>): string {
  const { issuer, tenants } = ctx.settings.authority;
  return expectedIssuer(issuer, claims.tid ?? tenantIn(iss, issuer), tenants) ?? issuer;
}

/**
 * An API on a multi-tenant authority must say which tenants it serves: without `tenants`, it
 * would take the tokens any tenant's users obtain for it.
 */
export function checkApiUse(ctx: MsalContext): void {
  const { issuer, tenants } = ctx.settings.authority;
  if (issuer.includes(TENANT_TEMPLATE) && tenants === undefined) {
    throw invalidOption(
      'tenants',
      "must be set for an API on a multi-tenant authority (organizations, common, a domain): the tenant ids whose tokens it takes, or 'any' to take every tenant's",
    );
  }
}
