// AuthorizeApiRequest: who calls the API, with which token, and may they do what the route asks.
import type { HttpRequest } from '@identity-web/core/adapter';
import { inject, injectable } from '../../config/di.js';
import { DI_KEYS } from '../../config/di-keys.js';
import { isJwsShaped } from '../../crypto/compact-jwt.js';
import { ErrorCode } from '../../domain/error-codes.js';
import { isThenable, type MaybePromise, whenSettled } from '../../domain/maybe-promise.js';
import type { ApiSettings } from '../config/api-settings.js';
import { type AccessTokenClaims, checkTokenTimes, timesOf } from '../domain/access-token-claims.js';
import type { ApiCaller, ApiScheme } from '../domain/api-caller.js';
import { ApiRefusal } from '../domain/api-refusal.js';
import { type ApiRequirement, checkRequirement } from '../domain/api-requirement.js';
import { checkDpopProof, PROOF_SKEW_SECONDS, sha256 } from '../dpop/dpop-proof.js';
import { checkNotSignedOut } from './check-not-signed-out.js';
import { IntrospectToken } from './introspect-token.js';
import { VerifiedTokens } from './verified-tokens.js';
import { verifySignedToken } from './verify-signed-token.js';

/** The longest access token read, in characters. */
export const MAX_ACCESS_TOKEN_LENGTH = 16 * 1024;

// `Bearer <token>` or `DPoP <token>`: the scheme case-insensitive (RFC 9110 §11.1), the token a
// token68 (RFC 6750 §2.1, RFC 9449 §7.1).
const AUTHORIZATION = /^(Bearer|DPoP) +([\w\-.~+/]+=*) *$/i;
// The scheme of any other credentials (`Basic ...`): one the API does not take.
const OTHER_SCHEME = /^(?!(?:Bearer|DPoP)(?: |$))[!#$%&'*+\-.^_`|~\w]+(?: |$)/i;

/** What a request presented and the schemes its refusal challenges in. */
export type ApiOutcome =
  | { readonly caller: ApiCaller }
  | { readonly refusal: ApiRefusal; readonly schemes: readonly ApiScheme[] };

/**
 * RFC 6750 §2.1 and RFC 9449 §7: reads the token of a request, verifies it (RFC 9068 §4), its
 * DPoP proof and key binding when it is DPoP-bound, then the route's requirement. Nothing is
 * read from the token before its signature holds except the issuer, which only picks whose keys
 * verify it.
 */
@injectable()
export class AuthorizeApiRequest {
  /**
   * The claims of tokens whose signature and claims held, by the token itself: only a verified
   * token gets in. A token is its claims, so when it comes back only its times are checked again.
   */
  readonly #verified: VerifiedTokens;
  /** Opaque tokens, asked of the provider (RFC 7662); `undefined` when they are refused. */
  readonly #introspect: IntrospectToken | undefined;

  constructor(@inject(DI_KEYS.ApiSettings) private readonly settings: ApiSettings) {
    this.#introspect = settings.introspection && new IntrospectToken(settings.introspection, settings);
    this.#verified = new VerifiedTokens(settings.clock);
  }

  /**
   * The caller, or the refusal and its schemes. A token verified before and sent again as
   * `Bearer`, checked against a store that answers at once: at once, with no promise.
   */
  execute(request: HttpRequest, requirement: ApiRequirement): MaybePromise<ApiOutcome> {
    const accepted = this.settings.dpop.required ? (['DPoP'] as const) : (['Bearer', 'DPoP'] as const);
    const authorization = request.header('authorization');
    if (authorization === undefined || authorization === '')
      return { refusal: ApiRefusal.noToken(), schemes: accepted };
    // A token verified before, sent again as `Bearer <token>`: it had the syntax read below when it
    // was remembered, so it is not read again.
    const sent =
      authorization.startsWith('Bearer ') &&
      authorization.length <= MAX_ACCESS_TOKEN_LENGTH &&
      !this.settings.dpop.required
        ? authorization.slice(7)
        : '';
    const remembered = sent === '' ? undefined : this.#verified.get(sent);
    let scheme: ApiScheme = 'Bearer';
    let token = sent;
    if (remembered === undefined) {
      // RFC 6750 §3.1: credentials of a scheme the API does not take get a bare challenge, no error.
      if (OTHER_SCHEME.test(authorization)) return { refusal: ApiRefusal.noToken(), schemes: accepted };
      const match = authorization.length <= MAX_ACCESS_TOKEN_LENGTH ? AUTHORIZATION.exec(authorization) : null;
      if (match === null) {
        const expected = accepted.map((scheme) => `"Authorization: ${scheme} <token>"`).join(' or ');
        return { refusal: ApiRefusal.of('invalid_request', `expected ${expected}`), schemes: accepted };
      }
      scheme = match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
      token = match[2]!;
      // RFC 6750 §3.1: a scheme the API does not take gets the challenge of the one it must use.
      if (scheme === 'Bearer' && this.settings.dpop.required) {
        return { refusal: ApiRefusal.noToken(), schemes: accepted };
      }
    }
    const refused = (error: unknown): ApiOutcome => {
      if (error instanceof ApiRefusal) return { refusal: error, schemes: [scheme] };
      throw error;
    };
    try {
      const claims =
        remembered !== undefined
          ? unbound(this.#stillValid(remembered))
          : scheme === 'DPoP'
            ? this.#dpopBound(token, request)
            : whenSettled(this.#verifyToken(token), unbound);
      const outcome = whenSettled(claims, (held) => this.#caller(held, token, scheme, requirement));
      return isThenable(outcome) ? Promise.resolve(outcome).catch(refused) : outcome;
    } catch (error) {
      return refused(error);
    }
  }

  /** The caller, once no sign-out ended the token's session or user and the route's requirement holds. */
  #caller(
    claims: AccessTokenClaims,
    token: string,
    scheme: ApiScheme,
    requirement: ApiRequirement,
  ): MaybePromise<ApiOutcome> {
    const caller: ApiOutcome = { caller: { ...claims, token, scheme } };
    return whenSettled(checkNotSignedOut(this.settings, claims), () =>
      // An async `claim` makes the requirement's check a promise.
      whenSettled(checkRequirement(claims, requirement, this.settings.clock.now()), () => caller),
    );
  }

  /** A remembered token's claims, once its times are checked again: the only ones that change. */
  #stillValid(claims: AccessTokenClaims): AccessTokenClaims {
    checkTokenTimes(timesOf(claims), this.settings.clock.now(), this.settings.clockSkewSeconds);
    return claims;
  }

  /** RFC 9449 §7.1: the proof, the token, the binding between the two, then replay (§11.1). */
  async #dpopBound(token: string, request: HttpRequest): Promise<AccessTokenClaims> {
    const { clock, dpop, replayCache } = this.settings;
    const now = clock.now();
    const proof = await checkDpopProof({
      proofs: proofHeaders(request.header('dpop')),
      method: request.method,
      url: this.#requestUrl(request),
      accessToken: token,
      now,
    });
    // RFC 9449 §4.3 point 10 and §9: a proof made with a nonce of the API's cannot be old.
    if (dpop.nonces !== undefined && !(await dpop.nonces.accepts(proof.nonce))) {
      throw ApiRefusal.of('use_dpop_nonce', 'the API requires a nonce it issued (DPoP-Nonce) in the DPoP proof');
    }
    const claims = await this.#verifyToken(token);
    // RFC 9449 §4.3 point 12 and §6.1: signed by the very key the token is bound to, and no other binding.
    if (claims.boundKey === undefined) throw ApiRefusal.invalidToken('the token is not DPoP-bound');
    if (claims.otherBinding) throw ApiRefusal.invalidToken('the token has a binding this API cannot check');
    if (claims.boundKey !== proof.jkt) throw ApiRefusal.invalidToken('invalid DPoP key binding');
    // §11.1, last, so only proofs that passed every check are remembered, in a store every
    // instance shares: until the proof can no longer pass its `iat` check (from its own `iat`,
    // not from now), and the skew again for another instance whose clock is behind this one's
    // (a shared store counts the time to live on its own clock).
    const key = `dpop:${proof.jkt}:${await sha256(proof.jti)}`;
    const ttl = Math.max(1, Math.ceil((proof.acceptedUntil - now) / 1000)) + PROOF_SKEW_SECONDS;
    let fresh: boolean;
    try {
      fresh = await replayCache.putIfAbsent(key, ttl);
    } catch {
      throw ApiRefusal.unavailable('the DPoP replay memory cannot be reached', ErrorCode.StoreUnavailable);
    }
    if (!fresh) throw ApiRefusal.of('invalid_dpop_proof', 'DPoP proof replayed: its jti was used');
    return claims;
  }

  /** RFC 9068 §4: the issuer the token names picks the keys; they must verify it, then its claims. */
  #verifyToken(token: string): MaybePromise<AccessTokenClaims> {
    // A token that is no JWS (three parts) is opaque: only its issuer can say what it is (RFC 7662),
    // and its answer, once remembered, is had at once. A JWS-shaped one is checked here, so
    // made-up JWTs never reach the provider.
    if (this.#introspect !== undefined && !isJwsShaped(token)) return this.#introspect.execute(token);
    const remembered = this.#verified.get(token);
    if (remembered !== undefined) return this.#stillValid(remembered);
    return verifySignedToken(token, this.settings).then((claims) => {
      // Remembered only once its claims held too: a validly signed token of another kind or for
      // another API (anyone may have one) never takes a place in the memory.
      this.#verified.set(token, claims);
      return claims;
    });
  }

  /** The request's URL on the API's own origin (never `Host`): path and query as received. */
  #requestUrl(request: HttpRequest): string {
    return `${this.settings.origin}${request.url.pathname}${request.url.search}`;
  }
}

/** RFC 6750: a token that is bound to a key is refused as `Bearer` (RFC 9449 §7.2). */
function unbound(claims: AccessTokenClaims): AccessTokenClaims {
  if (claims.boundKey !== undefined) throw ApiRefusal.invalidToken('the token is DPoP-bound');
  if (claims.otherBinding) throw ApiRefusal.invalidToken('the token is key-bound');
  return claims;
}

/**
 * Each `DPoP` header of a request. Runtimes join repeated headers with `, `; a compact JWS holds
 * neither a comma nor a space, so splitting recovers each one (and two headers are refused).
 */
function proofHeaders(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((proof) => proof.trim());
}
