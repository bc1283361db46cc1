// The rules an introspection answer (RFC 7662 §2.2) must pass before the API takes an opaque token:
// the provider vouches the token is active, the API still checks that it is meant for it.
import {
  type AccessTokenClaims,
  audiences,
  bindingOf,
  checkTokenTimes,
  isText,
  isTime,
  list,
  words,
} from './access-token-claims.js';
import { ApiRefusal } from './api-refusal.js';

/** What {@link validateIntrospection} checks an answer against. */
export interface IntrospectionRules {
  /** The issuer of the provider that answered: an `iss` in the answer must be it. */
  readonly issuer: string;
  /** The API's identifier, which `aud` must name. */
  readonly audience: string;
  /** Epoch milliseconds. */
  readonly now: number;
  /** Allowed clock skew in seconds. */
  readonly clockSkewSeconds: number;
  /** The token's id when the answer has no `jti`: a digest of the token. */
  readonly tokenId: string;
  /** What an answer without `aud` must show to be taken; absent, it is refused. */
  readonly withoutAudience?: AudiencelessRule;
  /** Where the user comes from when the answer has no `sub`: `username` only when the API says so. Default `sub`. */
  readonly subject?: 'sub' | 'username';
}

/**
 * The API's own rule for introspection answers without `aud` (RFC 7662 §2.2 makes it optional):
 * the answer is taken when its `client_id` is one of `clients` and (when given) its `scope` names
 * `scope`. It trusts the provider to issue tokens to those clients, or that scope, for this API
 * alone.
 */
export interface AudiencelessRule {
  /** The clients whose tokens are meant for this API. */
  readonly clients?: readonly string[];
  /** A scope that stands for this API: a token granted it is meant for the API. */
  readonly scope?: string;
}

const invalid = (description: string) => ApiRefusal.invalidToken(description);

/**
 * The `token_type` values of an access token (RFC 6750, RFC 9449 §6.2, and `N_A` of RFC 8693
 * §2.2.1), compared case-insensitively: a refresh token's answer that names the API is refused.
 */
const ACCESS_TOKEN_TYPES = new Set(['bearer', 'dpop', 'n_a']);

/**
 * RFC 7662 §2.2 for an API: `active` must be `true`; then, as for a JWT access token (RFC 9068 §4),
 * `aud` must name the API (an answer without `aud` is refused, since a token of another API of the
 * same provider is active too, unless the API's `withoutAudience` rule takes it), `exp` must be
 * given and not passed, `iat`/`nbf` not in the future, `client_id` a non-empty string, and an
 * `iss`, when given, the provider's. The user is `sub` (or `username`, when the API says so and
 * there is no `sub`), or the client itself when the answer names no user (a client credentials
 * token). An answer that says it
 * is about another kind of token (`token_type`, `token_use`) is refused. A DPoP-bound token
 * carries `cnf.jkt` (RFC 9449 §6.2); a `token_type` of `DPoP` without it is a binding the API
 * cannot check.
 *
 * @see RFC 7662 (OAuth 2.0 Token Introspection) §2.2, §4
 */
export function validateIntrospection(
  answer: Readonly<Record<string, unknown>>,
  rules: IntrospectionRules,
): AccessTokenClaims {
  if (answer.active !== true) throw invalid('the token is not active');
  // The hint `access_token` is only a hint (RFC 7662 §2.1): an answer about another kind of token
  // (a refresh token, which some providers give an `aud`) is refused when it says what it is.
  const { token_type: type, token_use: use } = answer;
  if (
    (type !== undefined && (typeof type !== 'string' || !ACCESS_TOKEN_TYPES.has(type.toLowerCase()))) ||
    (use !== undefined && use !== 'access_token')
  ) {
    throw invalid('the introspected token is not an access token');
  }
  const { iss, aud, exp, iat, nbf, sub, client_id: client, jti, sid } = answer;
  if (iss !== undefined && iss !== rules.issuer) throw invalid('the token\'s "iss" is not the expected issuer');
  if (!isText(client)) throw invalid('the introspected token\'s "client_id" must be a non-empty string');
  const scopes = [...new Set(words(answer.scope, 'scope'))];
  if (aud === undefined) audiencelessTaken(rules.withoutAudience, client, scopes);
  else if (!audiences(aud).includes(rules.audience)) throw invalid('the token\'s "aud" does not name this API');
  if (sub !== undefined && !isText(sub)) throw invalid('the token\'s "sub" must be a non-empty string');
  const { username } = answer;
  // A user named by `username` alone is not taken for the client (a client credentials token).
  if (sub === undefined && username !== undefined && rules.subject !== 'username') {
    throw invalid('the introspected token names its user by "username" only (no "sub")');
  }
  const user = sub ?? username;
  if (user !== undefined && !isText(user)) throw invalid('the token\'s "username" must be a non-empty string');
  if (!isTime(exp)) throw invalid('the introspected token has no expiry ("exp")');
  if ((iat !== undefined && !isTime(iat)) || (nbf !== undefined && !isTime(nbf))) {
    throw invalid('the token\'s "exp", "iat" and "nbf" must be numbers of seconds');
  }
  checkTokenTimes({ exp, iat, nbf }, rules.now, rules.clockSkewSeconds);
  const binding = bindingOf(answer.cnf);
  const dpopTyped = typeof type === 'string' && type.toLowerCase() === 'dpop';
  return {
    issuer: rules.issuer,
    subject: isText(user) ? user : client,
    clientId: client,
    scopes,
    roles: list(answer.roles, 'roles'),
    tokenId: isText(jti) ? jti : rules.tokenId,
    ...(isText(sid) && { sessionId: sid }),
    expiresAt: exp,
    ...(iat !== undefined && { issuedAt: iat }),
    ...binding,
    otherBinding: binding.otherBinding || (dpopTyped && binding.boundKey === undefined),
    claims: answer,
  };
}

/** An answer without `aud`: taken only by the API's rule, every part of which it must meet. */
function audiencelessTaken(rule: AudiencelessRule | undefined, client: string, scopes: readonly string[]): void {
  if (rule === undefined) {
    throw invalid('the introspected token names no audience ("aud")');
  }
  if (rule.clients !== undefined && !rule.clients.includes(client)) {
    throw invalid('the introspected token names no audience ("aud") and its client is not one this API takes');
  }
  if (rule.scope !== undefined && !scopes.includes(rule.scope)) {
    throw invalid('the introspected token names no audience ("aud") and lacks the scope that stands for this API');
  }
}
