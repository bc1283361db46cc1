// The claim rules of OIDC Back-Channel Logout 1.0 §2.4 and §2.6 steps 4–7, which every logout token
// must pass whichever IdP package verified its signature.
import { ErrorCode, IdentityWebError } from './errors.js';
import { audienceList, iatWithin } from './signed-event-claims.js';

/**
 * Claims of a verified logout token (OIDC Back-Channel Logout 1.0 §2.4).
 *
 * @group Back-channel logout
 */
export interface LogoutTokenClaims {
  /** Issuer of the logout token. */
  readonly iss: string;
  /** Subject whose sessions end (with or without `sid`). */
  readonly sub?: string;
  /** The provider session that ends. */
  readonly sid?: string;
  /** Unique token id, remembered to refuse replays. */
  readonly jti: string;
  /** Issued-at time, in epoch seconds. */
  readonly iat: number;
  /** Expiry, in epoch seconds; absent from tokens of providers built before errata set 1. */
  readonly exp?: number;
  /**
   * The last second (epoch seconds) at which the verifier that returned these claims would still
   * accept the token: the earlier of `iat` + maximum age + skew and `exp` + skew − 1. The `jti` is
   * remembered at least until then, so no replay lands inside the window.
   */
  readonly acceptUntil: number;
}

/**
 * The event a logout token's `events` claim must carry (OIDC Back-Channel Logout 1.0 §2.4).
 *
 * @group Back-channel logout
 */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** The clock skew allowed when no other is given, in seconds. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** The oldest `iat` accepted when no other age is given, in seconds. */
export const DEFAULT_LOGOUT_TOKEN_MAX_AGE_SECONDS = 300;

/** What {@link validateLogoutTokenClaims} checks a logout token's claims against. */
export interface LogoutTokenRules {
  /** The issuer the token must come from. */
  readonly issuer: string;
  /** This app's client id, which `aud` must contain. */
  readonly clientId: string;
  /** Epoch milliseconds. */
  readonly now: number;
  /** Allowed clock skew in seconds (default 60). */
  readonly clockSkewSeconds?: number;
  /** Oldest acceptable `iat`, in seconds (default 300). */
  readonly maxTokenAgeSeconds?: number;
  /**
   * Accept a token without `exp` (default `true`): providers built on the 2022 final text send
   * none, and `iat` bounds its lifetime to the same window. `false` refuses it, as errata set 1
   * of OIDC Back-Channel Logout 1.0 makes `exp` required.
   */
  readonly allowMissingExp?: boolean;
}

const ALLOWED_TYP = new Set(['logout+jwt', 'application/logout+jwt', 'jwt']);

function invalid(message: string): IdentityWebError {
  return new IdentityWebError(ErrorCode.InvalidLogoutToken, message);
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The claim checks of OIDC Back-Channel Logout 1.0 §2.6 steps 4–7, run after the IdP
 * adapter verified the signature with a pinned algorithm list (steps 2–3). Shared by every
 * IdP adapter so the rules live in one place.
 *
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation
 */
export function validateLogoutTokenClaims(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  rules: LogoutTokenRules,
): LogoutTokenClaims {
  const skew = rules.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const maxAge = rules.maxTokenAgeSeconds ?? DEFAULT_LOGOUT_TOKEN_MAX_AGE_SECONDS;
  const now = Math.floor(rules.now / 1000);

  // §4.1: typ is not mandatory, but a token typed as something else (at+jwt) is not a logout token.
  if (header.typ !== undefined && (typeof header.typ !== 'string' || !ALLOWED_TYP.has(header.typ.toLowerCase()))) {
    throw invalid('logout token has a wrong "typ" header');
  }
  if (typeof payload.iss !== 'string' || payload.iss !== rules.issuer) {
    throw invalid('logout token "iss" does not match the issuer');
  }
  const audiences = audienceList(payload.aud);
  if (!audiences.includes(rules.clientId)) throw invalid('logout token "aud" does not contain the client id');
  // Core §3.1.3.7 step 3: an audience we do not trust makes the whole token untrusted.
  if (audiences.some((a) => a !== rules.clientId)) throw invalid('logout token "aud" lists an untrusted audience');

  const iat = iatWithin(payload.iat, { now, skewSeconds: skew, maxAgeSeconds: maxAge }, (fault) => {
    throw invalid(fault === 'too old' ? 'logout token is too old' : `logout token "iat" is ${fault}`);
  });

  const exp = payload.exp;
  if (exp === undefined) {
    if (rules.allowMissingExp === false) throw invalid('logout token "exp" is missing');
  } else if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw invalid('logout token "exp" is not a number');
  } else if (exp <= now - skew) {
    throw invalid('logout token has expired');
  }
  // RFC 7519 §4.1.5: a token is not accepted before its `nbf`, when it has one.
  const nbf = payload.nbf;
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) {
    throw invalid('logout token "nbf" is not a number');
  }
  if (typeof nbf === 'number' && nbf > now + skew) throw invalid('logout token "nbf" is in the future');

  if (!isNonEmptyString(payload.jti)) throw invalid('logout token "jti" is missing');
  // Core §2 / §3.1.3.7: when the token names the party it was issued to, that must be us.
  if (payload.azp !== undefined && payload.azp !== rules.clientId) {
    throw invalid('logout token "azp" is not this client');
  }

  const sub = payload.sub;
  const sid = payload.sid;
  if (sub !== undefined && !isNonEmptyString(sub)) throw invalid('logout token "sub" is not a string');
  if (sid !== undefined && !isNonEmptyString(sid)) throw invalid('logout token "sid" is not a string');
  if (sub === undefined && sid === undefined) throw invalid('logout token has neither "sub" nor "sid"');

  const events = payload.events;
  if (
    !isObject(events) ||
    !Object.hasOwn(events, BACKCHANNEL_LOGOUT_EVENT) ||
    !isObject(events[BACKCHANNEL_LOGOUT_EVENT])
  ) {
    throw invalid('logout token "events" lacks the back-channel logout event');
  }
  // A logout token must never pass for an id token (BCL §2.4).
  if (Object.hasOwn(payload, 'nonce')) throw invalid('logout token must not contain "nonce"');

  // The `iat` check above accepts up to second iat + maxAge + skew, the `exp` check up to exp + skew - 1.
  const acceptUntil = Math.min(
    iat + maxAge + skew,
    typeof exp === 'number' ? exp + skew - 1 : Number.POSITIVE_INFINITY,
  );
  return {
    iss: payload.iss as string,
    jti: payload.jti,
    iat,
    acceptUntil,
    ...(typeof exp === 'number' ? { exp } : {}),
    ...(sub !== undefined ? { sub } : {}),
    ...(sid !== undefined ? { sid } : {}),
  };
}
