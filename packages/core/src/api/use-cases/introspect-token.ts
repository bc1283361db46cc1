// IntrospectToken: an opaque access token checked at the provider (RFC 7662), each answer remembered
// for a short while and never past the token's expiry, one question per token at a time, and a
// bounded number of questions at once.
import type { Clock } from '@identity-web/core/provider';
import { type ClockedLru, clockedLru } from '../../cache/lru.js';
import { isIdentityWebError } from '../../domain/errors.js';
import type { MaybePromise } from '../../domain/maybe-promise.js';
import type { IntrospectionSettings } from '../config/introspection-settings.js';
import { type AccessTokenClaims, checkTokenTimes, frozenClaims, timesOf } from '../domain/access-token-claims.js';
import { ApiRefusal } from '../domain/api-refusal.js';
import { validateIntrospection } from '../domain/introspected-claims.js';
import { sha256 } from '../dpop/dpop-proof.js';

/**
 * The most introspected tokens remembered, and the most characters their tokens may hold together:
 * for the tokens taken, and apart for the tokens refused (so refused ones never push taken ones out).
 */
export const INTROSPECTED_MAX_TOKENS = 10_000;
export const INTROSPECTED_MAX_CHARACTERS = 8 * 1024 * 1024;
/**
 * The most questions to the provider at once: past it a new token gets 503 with `Retry-After`
 * rather than a question, so a flood of made-up tokens cannot spend the API's quota at the
 * provider faster than the provider answers.
 */
export const INTROSPECTIONS_AT_ONCE = 64;

type Answer = Readonly<Record<string, unknown>>;
/**
 * An answer and the token's id (its `jti`, or a digest of the token when it has none), remembered
 * together, with the claims the API's rules took from a taken answer: only their times are
 * checked again when the token comes back.
 */
interface Introspected {
  readonly answer: Answer;
  readonly tokenId: string;
  readonly claims?: AccessTokenClaims;
}

/** What {@link IntrospectToken} reads beside the introspection settings. */
export interface IntrospectionContext {
  readonly audience: string;
  readonly clock: Clock;
  readonly clockSkewSeconds: number;
}

/**
 * RFC 7662 §2 for an API: the provider's answer about a token, then the API's own rules on it
 * (`validateIntrospection`). An answer that held is remembered for `cacheMs` and at most until the
 * token expires (RFC 7662 §4: a cache must not outlive the token); an inactive or foreign token's
 * answer is remembered for `cacheMs` in a memory of its own, so repeating a refused token asks the
 * provider once, and made-up tokens never push out the tokens taken. Both are bounded by count and
 * size. Requests that bring one token at once share one question; at most
 * {@link INTROSPECTIONS_AT_ONCE} questions are out at a time.
 */
export class IntrospectToken {
  readonly #answers: ClockedLru<string, Introspected>;
  readonly #refused: ClockedLru<string, Introspected>;
  readonly #asking = new Map<string, Promise<Introspected>>();

  constructor(
    private readonly introspection: IntrospectionSettings,
    private readonly context: IntrospectionContext,
  ) {
    const memory = () =>
      clockedLru<string, Introspected>(context.clock, {
        max: INTROSPECTED_MAX_TOKENS,
        maxSize: INTROSPECTED_MAX_CHARACTERS,
        sizeCalculation: (_introspected, token) => token.length,
      });
    this.#answers = memory();
    this.#refused = memory();
  }

  execute(token: string): MaybePromise<AccessTokenClaims> {
    const taken = this.#answers.get(token);
    const refused = taken === undefined ? this.#refused.get(token) : undefined;
    if (taken?.claims !== undefined) {
      const { clock, clockSkewSeconds } = this.context;
      checkTokenTimes(timesOf(taken.claims), clock.now(), clockSkewSeconds);
      return taken.claims;
    }
    return this.#validated(token, taken, refused);
  }

  /** The claims of an answer not yet validated (or refused before), asked of the provider when there is none. */
  async #validated(
    token: string,
    taken: Introspected | undefined,
    refused: Introspected | undefined,
  ): Promise<AccessTokenClaims> {
    const { audience, clock, clockSkewSeconds } = this.context;
    const introspected = taken ?? refused ?? (await this.#ask(token));
    const now = clock.now();
    const { cacheMs } = this.introspection;
    let claims: AccessTokenClaims;
    try {
      claims = validateIntrospection(introspected.answer, {
        issuer: this.introspection.provider.issuer,
        audience,
        now,
        clockSkewSeconds,
        tokenId: introspected.tokenId,
        subject: this.introspection.subject,
        ...(this.introspection.withoutAudience !== undefined && {
          withoutAudience: this.introspection.withoutAudience,
        }),
      });
    } catch (error) {
      if (taken === undefined && refused === undefined && cacheMs > 0) {
        this.#refused.set(token, introspected, { ttl: cacheMs });
      }
      throw error;
    }
    const ttl = Math.min(cacheMs, claims.expiresAt * 1000 - now);
    // Frozen: every request of the token is given these claims.
    if (taken === undefined && ttl > 0)
      this.#answers.set(token, { ...introspected, claims: frozenClaims(claims) }, { ttl });
    return claims;
  }

  /** One question per token in flight; the provider's outage is a 503, its other faults thrown. */
  #ask(token: string): Promise<Introspected> {
    const pending = this.#asking.get(token);
    if (pending !== undefined) return pending;
    if (this.#asking.size >= INTROSPECTIONS_AT_ONCE) {
      return Promise.reject(ApiRefusal.unavailable('too many tokens are being introspected at once'));
    }
    const asking = this.#introspect(token).finally(() => this.#asking.delete(token));
    this.#asking.set(token, asking);
    return asking;
  }

  async #introspect(token: string): Promise<Introspected> {
    let answer: unknown;
    try {
      const { endpoint } = this.introspection;
      answer = await this.introspection.provider.introspectAccessToken(
        token,
        endpoint === undefined ? {} : { endpoint },
      );
    } catch (error) {
      // A provider that cannot be reached is an outage; a refused client or a broken answer is a
      // configuration to fix, thrown as it is so it reaches the logs.
      if (isIdentityWebError(error) && error.code === 'idp_unavailable') {
        throw ApiRefusal.unavailable('the token issuer cannot be reached');
      }
      throw error;
    }
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
      throw ApiRefusal.unavailable('the token issuer gave no introspection answer');
    }
    const { jti } = answer as Answer;
    return { answer: answer as Answer, tokenId: typeof jti === 'string' && jti !== '' ? jti : await sha256(token) };
  }
}
