// Tokens an API gets for further APIs on behalf of its caller: RFC 8693 token exchange, cached per
// (received token, scopes) in the user's on-behalf-of partition.
import {
  idpError,
  invalidOption,
  normalizeScopes,
  type SilentTokenRequest,
  scopeKey,
  type TokenResult,
} from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpFailure, oauthErrorOf, safeErrorCode } from '../errors.js';
import { interactionRequired } from './acquire-silent.js';
import { checkBinding, dpopHandle, dpopProver, readKeyedPartition, withNonceRetry } from './bound-tokens.js';
import { type DpopPrivateJwk, isDpopJwk } from './dpop-key.js';
import {
  type AccessToken,
  cacheKeyFor,
  servable,
  toAccessToken,
  tokenResult,
  withResource,
  withToken,
} from './partition.js';

/** RFC 8693 §2.1 and §3: the grant, and the type of the tokens exchanged and asked for. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** RFC 8693 §3: an access token issued as a JWT may be typed so; anything else is no access token. */
const ISSUED_ACCESS_TOKEN_TYPES = new Set([ACCESS_TOKEN_TYPE, 'urn:ietf:params:oauth:token-type:jwt']);

/**
 * RFC 8693 §2.2.2 errors only the user can fix: the received token refused (`invalid_grant`), or
 * the provider asking for the user (a consent, a sign-in). `invalid_target` and `invalid_scope`
 * are the API's configuration (a resource or scope it may not have): an `idp_error` to fix, not a
 * sign-in to loop through.
 */
const USER_ERRORS = new Set(['invalid_grant', 'interaction_required', 'login_required', 'consent_required']);

function exchangeFailure(ctx: OidcContext, error: unknown, request: SilentTokenRequest, resource: string | undefined) {
  const body = oauthErrorOf(error);
  if (body !== undefined && USER_ERRORS.has(body.error)) {
    return interactionRequired(request, safeErrorCode(body.error), body.cause.claims);
  }
  if (body?.error === 'invalid_target') return invalidTarget(resource);
  return idpFailure(error, 'token exchange', ctx.settings);
}

/**
 * RFC 8693 §2.2.2 / RFC 8707 §2: the provider does not know the further API as asked. Without a
 * resource, most providers need one to pick the API; with one, it is the wrong one.
 */
function invalidTarget(resource: string | undefined) {
  return idpError(
    resource === undefined
      ? 'token exchange failed: the provider answered "invalid_target": it needs the further API named by its resource indicator: api.acquireTokenOnBehalfOf(caller, { scopes, resource: "<the further API\'s resource>" }), or "resource" of createOidcApiProvider for every exchange'
      : `token exchange failed: the provider answered "invalid_target" for the resource ${JSON.stringify(resource.slice(0, 200))}: it must be the further API's resource indicator as registered at the provider, and the API's client allowed to exchange for it`,
  );
}

/**
 * The most tokens one user's partition keeps. Each token the API receives (one an hour or so per
 * client) files its exchanged tokens apart; expired ones go at every write, and past this many the
 * ones expiring first go too, so a busy user's partition stays small.
 */
export const ON_BEHALF_OF_MAX_TOKENS = 64;

/** A user's on-behalf-of partition: `{"v":1,"obo":{"<received token hash>\n<scope key>":{…}},"dk":{…}}`. */
interface OnBehalfOfPartition {
  readonly v: 1;
  readonly obo: Readonly<Record<string, AccessToken>>;
  /** With `dpop`: the private key the exchanged tokens are bound to (RFC 9449). */
  readonly dk?: DpopPrivateJwk;
}

const EMPTY: OnBehalfOfPartition = { v: 1, obo: {} };

function parsePartition(text: string): OnBehalfOfPartition | null {
  try {
    const p = JSON.parse(text) as Partial<OnBehalfOfPartition> | null;
    const tokens = p?.obo;
    if (p?.v !== 1 || typeof tokens !== 'object' || tokens === null || Array.isArray(tokens)) return null;
    if (p.dk !== undefined && !isDpopJwk(p.dk)) return null;
    const valid = Object.values(tokens).every(
      (t) => typeof t?.t === 'string' && typeof t.e === 'number' && typeof t.y === 'string' && typeof t.s === 'string',
    );
    return valid ? (p as OnBehalfOfPartition) : null;
  } catch {
    return null;
  }
}

/** SHA-256 of the received token, base64url: tokens are filed by it, never by the token itself. */
async function assertionHash(assertion: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(assertion)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The partition's tokens with `token` filed, expired ones dropped, and at most the bound kept. */
function bounded(tokens: Readonly<Record<string, AccessToken>>, key: string, token: AccessToken, now: number) {
  const kept = Object.entries(withToken(tokens, key, token, now));
  if (kept.length <= ON_BEHALF_OF_MAX_TOKENS) return Object.fromEntries(kept);
  const latest = kept.sort(([, a], [, b]) => b.e - a.e).slice(0, ON_BEHALF_OF_MAX_TOKENS);
  return Object.fromEntries([[key, token], ...latest.filter(([k]) => k !== key)].slice(0, ON_BEHALF_OF_MAX_TOKENS));
}

/**
 * RFC 8693 token exchange (§2.1): the access token the API received as `subject_token`, for an
 * access token for `request.scopes` (and `request.resource`, RFC 8707), with the API's client
 * authentication. Served from the partition while not due; a refusal the user can fix
 * (`invalid_grant`, `consent_required`, ...) is an `InteractionRequiredError`.
 *
 * @see RFC 8693 (OAuth 2.0 Token Exchange) §2.1, §2.2.1
 */
export async function acquireTokenOnBehalfOf(
  ctx: OidcContext,
  partitionText: string | null,
  assertion: string,
  request: SilentTokenRequest,
): Promise<TokenResult> {
  if (ctx.settings.clientAuth === 'none') {
    throw invalidOption('clientSecret', 'is required to call APIs on behalf of a user (token exchange)');
  }
  // An unreadable partition is only a cache miss: the received token can be exchanged again.
  const { partition, stored } = await readKeyedPartition(ctx, partitionText, parsePartition, EMPTY);
  const scopes = normalizeScopes(request.scopes);
  const hash = await assertionHash(assertion);
  const requested = scopeKey(scopes);
  // RFC 8707: the further API, as asked, or the provider's first `resource` (its token requests' default).
  const resource = request.resource ?? ctx.settings.resources[0];
  const key = `${hash}\n${withResource(requested, resource)}`;
  const cached = partition.obo[key];
  if (servable(cached, request, ctx.settings.clock.now())) {
    return tokenResult(cached, null, dpopProver(ctx, stored?.key));
  }
  const dpopKey = stored ?? (await ctx.settings.dpop?.newKey());
  const parameters = new URLSearchParams({
    subject_token: assertion,
    subject_token_type: ACCESS_TOKEN_TYPE,
    requested_token_type: ACCESS_TOKEN_TYPE,
  });
  if (scopes.length > 0) parameters.set('scope', scopes.join(' '));
  if (resource !== undefined) parameters.set(ctx.settings.resourceParameter, resource);
  const DPoP = dpopHandle(ctx, dpopKey?.key);
  let result: oauth.TokenEndpointResponse;
  try {
    const as = await ctx.discovery.get();
    result = await withNonceRetry(DPoP, async () => {
      const options = { ...ctx.http, ...(DPoP !== undefined && { DPoP }) };
      const response = await oauth.genericTokenEndpointRequest(
        as,
        ctx.client,
        ctx.clientAuth,
        TOKEN_EXCHANGE_GRANT,
        parameters,
        options,
      );
      return oauth.processGenericTokenEndpointResponse(as, ctx.client, response);
    });
  } catch (error) {
    throw exchangeFailure(ctx, error, request, resource);
  }
  const issued = result.issued_token_type;
  if (typeof issued !== 'string' || !ISSUED_ACCESS_TOKEN_TYPES.has(issued)) {
    throw idpError('token exchange failed: the provider did not issue an access token ("issued_token_type")');
  }
  checkBinding(ctx, result, 'token exchange');
  const received = ctx.settings.clock.now();
  const token = toAccessToken(result, scopes, received);
  const next: OnBehalfOfPartition = {
    v: 1,
    // Filed under what was granted: a token for fewer scopes (RFC 6749 §3.3) never answers the wider request.
    obo: bounded(
      partition.obo,
      `${hash}\n${withResource(cacheKeyFor(requested, result.scope), resource)}`,
      token,
      received,
    ),
    ...(dpopKey !== undefined && { dk: dpopKey.stored }),
  };
  return tokenResult(token, JSON.stringify(next), dpopProver(ctx, dpopKey?.key));
}
