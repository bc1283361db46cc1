// Shared Signals at an API: a pushed Security Event Token (CAEP, RISC) about a user ends their
// session and removes the tokens the API obtained on their behalf, as a back-channel logout does.
import type { HttpRequest, HttpResult } from '@identity-web/core/adapter';
import { inject, injectable } from '../../config/di.js';
import { DI_KEYS } from '../../config/di-keys.js';
import { invalidOption } from '../../domain/errors.js';
import type { SecurityEventClaims } from '../../domain/security-event.js';
import { actionFor } from '../../domain/security-event-actions.js';
import { receivePushedEvent } from '../../http/security-event-push.js';
import { claimSecurityEvent, rememberSecurityEvent } from '../../use-cases/security-event-replay.js';
import { verifySecurityEventToken } from '../../use-cases/verify-security-event-token.js';
import type { ApiSettings } from '../config/api-settings.js';
import type { ApiSharedSignals } from '../config/api-shared-signals.js';
import { issuedBy, userIssuer } from '../domain/claimed-issuer.js';
import { type SignedOut, signOutAtApi } from './remove-user-tokens.js';

/**
 * The API's push endpoint of a Shared Signals stream (RFC 8935): each SET verified against the
 * transmitter's keys and the claim rules of SSF 1.0 §4.1, a `jti` already received refused, then
 * what its event says done to the user or session its subject names (SSF 1.0 §3, by `iss_sub`,
 * by the provider's session id, or both):
 * - a revoked session (CAEP `session-revoked` naming one) is remembered as ended, so every access
 *   token carrying its `sid` is refused, and the user's on-behalf-of tokens go;
 * - revoked sessions or tokens, a disabled, purged or compromised account, a changed credential
 *   (unless `credentialChange: 'acknowledge'`): the same, for the user, whose access tokens issued
 *   until the SET's `iat` are refused, with or without a `sid`;
 * - changed token claims (CAEP `token-claims-change`): the user's on-behalf-of tokens go, so the
 *   next exchange carries the new claims; no session ends;
 * - anything else, or a subject named by email (the API files no emails), is acknowledged.
 * The `jti` counts as received only once that succeeded, so the transmitter's retry of a delivery
 * that failed in a store is served.
 *
 * Made only for an API with the `sharedSignals` option: without it, making one throws
 * `invalid_option`, so a route mounted without it fails at start.
 */
@injectable()
export class ApiSecurityEvent {
  private readonly signals: ApiSharedSignals;

  constructor(@inject(DI_KEYS.ApiSettings) private readonly settings: ApiSettings) {
    if (settings.sharedSignals === undefined) {
      throw invalidOption(
        'sharedSignals',
        'is needed to receive security events: createIdentityWebApi({ sharedSignals: { transmitter } })',
      );
    }
    this.signals = settings.sharedSignals;
  }

  execute(request: HttpRequest): Promise<HttpResult> {
    const { logger } = this.settings;
    return receivePushedEvent(request, {
      authorization: this.signals.pushAuthorization,
      act: (jwt) => this.#act(jwt),
      // As a web app's: each refusal at warn, in identity-web's words (never the SET's); a
      // failure of the API's own goes to the 503's log.
      refused: (reason, detail) =>
        logger.warn({ event: 'security_event_refused', reason, detail }, 'identity-web API: security event refused'),
      failed: () => {},
      logger,
    });
  }

  async #act(jwt: string): Promise<void> {
    const { replayCache, clock } = this.settings;
    const { transmitter, audiences, clockSkewSeconds, maxAgeSeconds, credentialChange } = this.signals;
    const { claims, critical } = await verifySecurityEventToken(jwt, transmitter, {
      audiences,
      now: clock.now(),
      clockSkewSeconds,
      maxAgeSeconds,
    });
    const replayKey = await claimSecurityEvent(replayCache, claims, 'api-ssf');
    const action = actionFor(claims, critical, { emailSubjects: false, credentialChange });
    const whom = action === 'acknowledge' ? undefined : await this.#whom(claims);
    // Changed claims end no session: the user is still signed in, with tokens yet to be had.
    if (whom !== undefined)
      await signOutAtApi(this.settings, { ...whom, endSession: action !== 'drop-tokens', at: claims.iat });
    await rememberSecurityEvent(replayCache, replayKey, claims, clock.now());
  }

  /**
   * The user or session the subject names at the provider the transmitter speaks for: a user's
   * `iss` is that provider's issuer or the transmitter's own (Google's RISC issuer is not its
   * OpenID one). Another issuer, or an email, names nobody here.
   */
  async #whom(claims: SecurityEventClaims): Promise<SignedOut | undefined> {
    const subject = claims.subject;
    const { provider } = this.signals;
    const user = subject?.user;
    // A user at the provider (a tenant's `iss`, for a multi-tenant one) is filed under the issuer
    // the provider names for it; a user at the transmitter's own issuer, under the provider's.
    const own = user !== undefined && issuedBy(provider, user.iss, {});
    const issuer = own ? userIssuer(provider, user.iss, {}) : this.signals.issuer;
    if (user !== undefined && !own && user.iss !== claims.iss) {
      this.settings.logger.warn(
        { event: 'security_event_unmatched', format: 'iss_sub' },
        "identity-web API: a security event names a user at an issuer that is neither the provider's nor the transmitter's: nothing is removed",
      );
      return undefined;
    }
    if (user === undefined && subject?.session === undefined) {
      if (subject?.email !== undefined) {
        this.settings.logger.warn(
          { event: 'security_event_unmatched', format: 'email' },
          'identity-web API: a security event names its subject by email, which an API does not look up: ask the transmitter for "iss_sub" subjects',
        );
      }
      return undefined;
    }
    const sid = subject?.session;
    if (user !== undefined && sid !== undefined && !(await this.#sessionMayBeOf(issuer, user.sub, sid))) {
      this.settings.logger.warn(
        { event: 'security_event_unmatched', format: 'complex' },
        "identity-web API: a security event names a user and another user's session: only the named user's tokens are removed",
      );
      return { issuer, subject: user.sub };
    }
    // The user alone: every session of theirs (CAEP's session-revoked for a user, RISC's account events).
    return { issuer, subject: user?.sub, sid, everySession: user !== undefined && sid === undefined };
  }

  /**
   * Whether the session may be the user's, as a web app checks before ending it: the API knows a
   * session only where it obtained tokens in it; one it files under other users only is not ended.
   */
  async #sessionMayBeOf(issuer: string, subject: string, sid: string): Promise<boolean> {
    const entries = await this.settings.registry.findBySid(issuer, sid);
    return entries.length === 0 || entries.some((entry) => entry.subject === subject);
  }
}
