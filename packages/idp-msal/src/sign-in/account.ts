// The core's `Account` from msal's sign-in result: its key, issuer, names and the claims an app may read.
import type { AuthenticationResult } from '@azure/msal-node';
import { type Account, badRequest, ErrorCode } from '@identity-web/core/provider';
import { idpError } from '../errors.js';

type Claims = Readonly<Record<string, unknown>>;

function str(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The claims an app may read from `Account.claims`: identifiers and memberships, never tokens. */
const EXPOSED_CLAIMS = ['oid', 'tid', 'sid', 'iss', 'email', 'idp', 'acr', 'amr', 'roles', 'groups'] as const;

/**
 * Entra's groups overage: a user in more groups than a token may list (200 in a JWT) gets no
 * `groups` claim but `_claim_names: { groups: "src1" }` (pointing at `_claim_sources`), or
 * `hasgroups: true` where even the pointer would not fit. Either way the app must ask Microsoft
 * Graph for the memberships; `groupsOverage: true` says so without the app parsing either form.
 * @see https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference#groups-overage-claim
 */
function groupsOverage(claims: Claims): boolean {
  const names = claims._claim_names;
  const pointer = typeof names === 'object' && names !== null && 'groups' in names;
  return pointer || claims.hasgroups === true;
}

/**
 * The core's `Account` from msal's result. `issuer` is the provider's issuer, not the token's
 * `iss`: Entra's front-channel logout sends only `sid`, which the core resolves against the
 * provider's issuer, and for a multi-tenant authority (`{tenantid}` issuer) each token's `iss`
 * differs from it. The token's own `iss` stays in `claims.iss`. The key is msal's home account id `uid.utid`
 * (from `client_info`), the id msal files every token of the user under; oid.tid would differ
 * for guests and personal accounts.
 */
export function accountFrom(result: AuthenticationResult, issuer: string): Account {
  const info = result.account;
  const claims = (result.idTokenClaims ?? {}) as Claims;
  if (info === null || !info.homeAccountId) throw idpError('Entra returned no account (was "openid" requested?)');
  const subject = str(claims, 'sub');
  if (subject === undefined) throw badRequest(ErrorCode.InvalidCallback, 'the id token has no "sub"');

  const exposed: Record<string, unknown> = {};
  for (const name of EXPOSED_CLAIMS) if (claims[name] !== undefined) exposed[name] = claims[name];
  if (groupsOverage(claims)) exposed.groupsOverage = true;
  const tenantId = str(claims, 'tid') ?? info.tenantId;
  const username = str(claims, 'preferred_username') ?? (info.username || undefined);
  const name = str(claims, 'name');
  const loginHint = str(claims, 'login_hint');
  return {
    key: info.homeAccountId,
    issuer,
    subject,
    ...(tenantId ? { tenantId } : {}),
    ...(username ? { username } : {}),
    ...(name ? { name } : {}),
    ...(loginHint ? { loginHint } : {}),
    claims: exposed,
  };
}
