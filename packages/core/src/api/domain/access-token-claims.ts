// The claim rules of a JWT access token (RFC 9068 §2 and §4), which every token an API accepts
// must pass whichever IdP package verified its signature.
import type { IdentityProvider } from '@identity-web/core/provider';
import { ApiRefusal } from './api-refusal.js';

/**
 * The claims of a verified JWT access token, as the API reads them.
 *
 * @group Protected API
 */
export interface AccessTokenClaims {
  /**
   * The issuer the user is filed under: the token's `iss` (RFC 9068 §2.2), or, for an `iss` the
   * provider accepts as its own (Entra's v1.0 issuer, a multi-tenant provider's tenant), the one
   * the provider names for it (Entra: the v2.0 issuer of the token's tenant), which its sign-outs
   * name too. The token's own is `claims.iss`.
   */
  readonly issuer: string;
  /** The user, or the client itself for a client credentials token (`sub`). */
  readonly subject: string;
  /** The OAuth client the token was issued to (`client_id`). */
  readonly clientId: string;
  /** The granted scopes (`scope`, space-separated in the token; Entra's `scp` too). */
  readonly scopes: readonly string[];
  /** The roles (`roles`, RFC 9068 §2.2.3.1 and Entra's app roles). */
  readonly roles: readonly string[];
  /** The token's unique id (`jti`). */
  readonly tokenId: string;
  /** The provider session the token belongs to (`sid`), when the token says. */
  readonly sessionId?: string;
  /** Expiry, epoch seconds (`exp`). */
  readonly expiresAt: number;
  /** Issue time, epoch seconds (`iat`): always in a JWT access token, when the answer says in an introspected one. */
  readonly issuedAt?: number;
  /** The thumbprint of the key the token is bound to (RFC 9449 §6.1 `cnf.jkt`), when it is DPoP-bound. */
  readonly boundKey?: string;
  /** Whether the token is bound to a key some other way (RFC 8705's `x5t#S256`, say), which the API cannot check. */
  readonly otherBinding: boolean;
  /** Every claim of the token. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * The shape of a provider's access tokens: RFC 9068's (`typ` `at+jwt`, `client_id`, `jti`), or
 * Entra ID's (`typ` `JWT`; the client in `azp` for v2.0 tokens and `appid` for v1.0 ones; the
 * token's id in `uti`): the provider port's `accessTokenFormat`.
 *
 * @group Protected API
 */
export type AccessTokenFormat = NonNullable<IdentityProvider['accessTokenFormat']>;

/** What {@link validateAccessTokenClaims} checks a token against. */
export interface AccessTokenRules {
  /** Whether the token's `iss` is the provider's (with the verified claims, for a tenant's issuer). */
  readonly issuer: (iss: string, claims: Readonly<Record<string, unknown>>) => boolean;
  /** The token's shape. Default `rfc9068`. */
  readonly format?: AccessTokenFormat;
  /** The API's identifier, which `aud` must name (RFC 9068 §4 step 3). */
  readonly audience: string;
  /** Epoch milliseconds. */
  readonly now: number;
  /** Allowed clock skew in seconds. */
  readonly clockSkewSeconds: number;
}

/** RFC 9068 §4 step 2 and §2.1: `typ` is `at+jwt`; media types are compared case-insensitively. */
const ALLOWED_TYP = new Set(['at+jwt', 'application/at+jwt']);

/** RFC 9068 §2.2: the claims every JWT access token carries. */
const REQUIRED = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'] as const;
/** Entra ID's access tokens are typed `JWT`, and carry these (the client and id in their own names). */
const ENTRA_TYP = new Set(['jwt']);
const ENTRA_REQUIRED = ['iss', 'exp', 'aud', 'sub', 'iat', 'ver'] as const;

const invalid = (description: string) => ApiRefusal.invalidToken(description);

/**
 * RFC 9068 §4 steps 2–6 on a token whose signature holds: `typ`, `iss`, `aud`, the times, the
 * required claims and their types. Every refusal is `invalid_token` in fixed words: nothing of
 * the token (which anyone may send) is quoted back.
 *
 * @see RFC 9068 §4 (Validating JWT Access Tokens)
 */
export function validateAccessTokenClaims(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  rules: AccessTokenRules,
): AccessTokenClaims {
  const entra = rules.format === 'entra';
  const typ = header.typ;
  if (typeof typ !== 'string' || !(entra ? ENTRA_TYP : ALLOWED_TYP).has(typ.toLowerCase())) {
    throw invalid(`the token is not a JWT access token ("typ" must be "${entra ? 'JWT' : 'at+jwt'}")`);
  }
  for (const claim of entra ? ENTRA_REQUIRED : REQUIRED) {
    if (payload[claim] === undefined) throw invalid(`the token has no "${claim}" claim`);
  }
  const { iss, sub, aud, exp, iat, nbf } = payload;
  if (typeof iss !== 'string' || !rules.issuer(iss, payload)) {
    throw invalid('the token\'s "iss" is not the expected issuer');
  }
  if (!audiences(aud).includes(rules.audience)) throw invalid('the token\'s "aud" does not name this API');
  const { client, id, names } = entra
    ? entraClient(payload)
    : { client: payload.client_id, id: payload.jti, names: '"client_id" and "jti"' };
  if (!isText(sub) || !isText(client) || !isText(id)) {
    throw invalid(`the token's "sub", ${names} must be non-empty strings`);
  }
  if (!isTime(exp) || !isTime(iat) || (nbf !== undefined && !isTime(nbf))) {
    throw invalid('the token\'s "exp", "iat" and "nbf" must be numbers of seconds');
  }
  checkTokenTimes({ exp, iat, nbf }, rules.now, rules.clockSkewSeconds);
  const { sid } = payload;
  const binding = bindingOf(payload.cnf);
  return {
    issuer: iss,
    subject: sub,
    clientId: client,
    scopes: [...new Set([...words(payload.scope, 'scope'), ...words(payload.scp, 'scp')])],
    roles: list(payload.roles, 'roles'),
    tokenId: id,
    ...(isText(sid) && { sessionId: sid }),
    expiresAt: exp,
    issuedAt: iat,
    ...binding,
    claims: payload,
  };
}

/** A token's times, each a number of seconds once its claims are checked. */
export interface TokenTimes {
  readonly exp: number;
  readonly iat?: number | undefined;
  readonly nbf?: number | undefined;
}

/**
 * RFC 7519 §4.1.4–§4.1.6: not expired, not issued in the future, valid already, each with
 * `skewSeconds` of allowance (`nowMs` in epoch milliseconds, compared in whole seconds). The one
 * check of a token that changes with time: a token whose other claims held once is only asked this
 * again when it comes back.
 */
export function checkTokenTimes(times: TokenTimes, nowMs: number, skewSeconds: number): void {
  const now = Math.floor(nowMs / 1000);
  const { exp, iat, nbf } = times;
  if (now >= exp + skewSeconds) throw invalid('the token has expired');
  if (iat !== undefined && iat > now + skewSeconds) throw invalid('the token\'s "iat" is in the future');
  if (nbf !== undefined && nbf > now + skewSeconds) throw invalid('the token is not valid yet ("nbf")');
}

/** The times of claims {@link validateAccessTokenClaims} or the introspection rules took. */
export function timesOf(claims: AccessTokenClaims): TokenTimes {
  return { exp: claims.expiresAt, iat: claims.issuedAt, nbf: claims.claims.nbf as number | undefined };
}

/**
 * `claims` frozen through and through (its payload's objects and arrays, its scopes and roles):
 * claims kept for the requests to come are the same object for each of them, so none may change
 * them for the next. A loop, not recursion: a payload's nesting never meets the call stack.
 */
export function frozenClaims(claims: AccessTokenClaims): AccessTokenClaims {
  const pending: object[] = [claims];
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (Object.isFrozen(value)) continue;
    Object.freeze(value);
    for (const member of Object.values(value)) {
      if (typeof member === 'object' && member !== null) pending.push(member);
    }
  }
  return claims;
}

/** RFC 7800 `cnf`: the DPoP key thumbprint (RFC 9449 §6.1 `jkt`), and whether it binds the token some other way. */
export function bindingOf(cnf: unknown): Pick<AccessTokenClaims, 'boundKey' | 'otherBinding'> {
  if (cnf !== undefined && (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf))) {
    throw invalid('the token\'s "cnf" must be an object');
  }
  const binding = (cnf ?? {}) as Record<string, unknown>;
  if (binding.jkt !== undefined && !isText(binding.jkt)) throw invalid('the token\'s "cnf.jkt" must be a string');
  return {
    ...(isText(binding.jkt) && { boundKey: binding.jkt }),
    otherBinding: Object.keys(binding).some((member) => member !== 'jkt'),
  };
}

/**
 * Entra ID's access tokens: the calling app in `azp` (v2.0) or `appid` (v1.0), chosen by `ver`,
 * and the token's id in `uti`.
 * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
function entraClient(payload: Readonly<Record<string, unknown>>) {
  const v1 = payload.ver === '1.0';
  return {
    client: v1 ? payload.appid : payload.azp,
    id: payload.uti,
    names: v1 ? '"appid" and "uti"' : '"azp" and "uti"',
  };
}

export function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

export function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** RFC 7519 §4.1.3: one audience as a string, or several as an array of strings. */
export function audiences(aud: unknown): readonly unknown[] {
  return Array.isArray(aud) ? aud : [aud];
}

/** A space-separated list (RFC 8693 §4.2 `scope`); Entra's `scp` is one too. */
export function words(value: unknown, claim: string): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') throw invalid(`the token's "${claim}" must be a space-separated string`);
  return value.split(' ').filter((word) => word !== '');
}

/** An array of strings (RFC 9068 §2.2.3.1 after SCIM's `roles`), or one string. */
export function list(value: unknown, claim: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value;
  throw invalid(`the token's "${claim}" must be a list of strings`);
}
