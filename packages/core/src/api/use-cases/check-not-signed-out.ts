// The sign-outs an API remembers, checked for each token it takes: a session a sign-out ended,
// or a user who signed out everywhere after the token was issued.

import { ErrorCode } from '../../domain/error-codes.js';
import { anyTruthy, isThenable, type MaybePromise } from '../../domain/maybe-promise.js';
import type { ApiSettings } from '../config/api-settings.js';
import type { AccessTokenClaims } from '../domain/access-token-claims.js';
import { ApiRefusal } from '../domain/api-refusal.js';
import { issuedBy } from '../domain/claimed-issuer.js';
import { MAX_SKEW_SECONDS, signedOutBetween } from '../domain/signed-out-users.js';
import { endedSessionKey } from '../domain/store-keys.js';

/**
 * A token of a session a sign-out ended, or of a user who signed out everywhere after it was
 * issued, is refused until the memory of that sign-out expires. Both asked at once; with a store
 * that answers at once (this process's memory), checked at once, with no promise.
 */
export function checkNotSignedOut(settings: ApiSettings, claims: AccessTokenClaims): MaybePromise<void> {
  const { endedSessions, endedSessionSeconds, introspection, clock } = settings;
  const now = Math.floor(clock.now() / 1000);
  // Sign-outs from the second of the token's issue on (one in that second may have come after it:
  // refused all the same), as far back as they are remembered; an introspected token without
  // `iat`, from when its remembered answer may have been given.
  const issued =
    claims.issuedAt === undefined
      ? now - Math.ceil((introspection?.cacheMs ?? endedSessionSeconds * 1000) / 1000)
      : Math.floor(claims.issuedAt);
  const range = {
    from: Math.max(issued, now - endedSessionSeconds - MAX_SKEW_SECONDS),
    to: now + MAX_SKEW_SECONDS,
  };
  // A lookup that throws at once is a rejection like any other: every lookup made reaches the one
  // `Promise.all` below, and none is left behind unhandled.
  const has = (key: string): MaybePromise<boolean> => {
    try {
      return endedSessions.has(key);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const sid = claims.sessionId;
  const issuers = signOutIssuers(settings, claims);
  const sessionEnded =
    sid === undefined ? false : anyTruthy(issuers.map((issuer) => has(endedSessionKey(issuer, sid))));
  const userSignedOut = anyTruthy(issuers.map((issuer) => signedOutBetween(has, issuer, claims.subject, range)));
  if (!isThenable(sessionEnded) && !isThenable(userSignedOut)) return refuseSignedOut(sessionEnded, userSignedOut);
  return Promise.all([sessionEnded, userSignedOut]).then(
    ([session, user]) => refuseSignedOut(session, user),
    () => {
      throw unreachable();
    },
  );
}

function unreachable(): ApiRefusal {
  return ApiRefusal.unavailable('the memory of ended sessions cannot be reached', ErrorCode.StoreUnavailable);
}

function refuseSignedOut(sessionEnded: boolean, userSignedOut: boolean): void {
  if (sessionEnded) throw ApiRefusal.invalidToken("the token's session has ended (signed out)");
  if (userSignedOut) throw ApiRefusal.invalidToken('the user signed out after the token was issued');
}

/**
 * The issuers a sign-out of the caller may be remembered under: the one the caller is filed
 * under, and, for a caller filed under a tenant's issuer (a multi-tenant provider), the
 * provider's own too, which a security event naming only a session, or a user at the
 * transmitter's issuer, is matched under (it names no tenant).
 */
function signOutIssuers(settings: ApiSettings, claims: AccessTokenClaims): readonly string[] {
  const { providers } = settings;
  if (providers.some((provider) => provider.issuer === claims.issuer)) return [claims.issuer];
  const iss = claims.claims.iss;
  const provider =
    typeof iss === 'string' ? providers.find((candidate) => issuedBy(candidate, iss, claims.claims)) : undefined;
  return provider === undefined ? [claims.issuer] : [claims.issuer, provider.issuer];
}
