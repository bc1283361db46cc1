// The `sharedSignals` option of createIdentityWeb: the transmitter, the delivery, and their limits.
import type { SecurityEventTransmitter } from '@identity-web/core/provider';

/**
 * The `sharedSignals` option of `createIdentityWeb`: where security events come from, and how.
 *
 * @example
 * ```ts
 * import { sharedSignalsTransmitter } from '@identity-web/oidc';
 *
 * createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   // Register https://app.example.com/auth/security-events as the stream's push endpoint.
 *   sharedSignals: {
 *     transmitter: sharedSignalsTransmitter({ issuer: 'https://accounts.google.com/' }),
 *     push: { authorization: process.env.SSF_PUSH_AUTHORIZATION },
 *   },
 * });
 * ```
 *
 * @see OpenID Shared Signals Framework 1.0; RFC 8935 (push) and RFC 8936 (poll) delivery
 *
 * @group Shared Signals
 */
export interface SharedSignalsOptions {
  /** The transmitter: `sharedSignalsTransmitter({ issuer })` from `@identity-web/oidc`. Required. */
  transmitter: SecurityEventTransmitter;
  /**
   * How SETs arrive. `'push'` (default): the transmitter POSTs each one to
   * `{basePath}/security-events` (RFC 8935). `'poll'`: one instance at a time fetches and
   * acknowledges them from the transmitter's poll endpoint (RFC 8936), every
   * `poll.intervalSeconds`, or when `identity.pollSecurityEvents()` is called.
   */
  delivery?: 'push' | 'poll';
  /**
   * The `aud` values this app answers to; a SET must name one. Default: the client id of the
   * provider the transmitter speaks for (what Google and most providers send). A stream created
   * with an audience of its own (a URL) names it here.
   */
  audience?: string | readonly string[];
  /**
   * With several `identityProviders`: the name of the one whose users the transmitter's events
   * name (subjects are looked up under its issuer). Default: the first.
   */
  provider?: string;
  /** How subjects are found. */
  subjects?: {
    /**
     * Find users named by email (`{"format": "email"}`, or a complex subject's `user`), as some
     * transmitters name them. Each sign-in then files the user's email, lower case, in the
     * account registry, only when the ID token says it is verified (`email_verified: true`).
     * Default `false`: an email subject names nobody. Turn it on only for a transmitter whose
     * emails you trust to be the same person as the provider's verified email.
     */
    email?: boolean;
  };
  /**
   * What a CAEP `credential-change` (a password changed, a passkey added or removed) does:
   * `'remove-account'` (default) signs the user out here, `'acknowledge'` only counts it.
   */
  credentialChange?: 'remove-account' | 'acknowledge';
  /** Push delivery (RFC 8935). */
  push?: {
    /**
     * The exact `Authorization` header value the transmitter must send with every SET (the
     * stream's `authorization_header`, SSF 1.0 §6.1.1); a push without it is answered 401.
     * Default: not checked (the SET's signature still is). At least 16 characters.
     */
    authorization?: string;
  };
  /** Poll delivery (RFC 8936). */
  poll?: {
    /**
     * Seconds between polls, from 1 to 3600; `0` starts no timer (on the edge, call
     * `identity.pollSecurityEvents()` from a scheduled handler). Default 30.
     */
    intervalSeconds?: number;
    /** The most SETs one poll asks for, 1 to 100. Default 25. */
    maxEvents?: number;
  };
  /**
   * The oldest `iat` accepted, in seconds, 60 to 86400: SETs wait in a poll queue and pushes are
   * retried. Each `jti` is remembered past it. Default 86400 (a day).
   */
  maxAgeSeconds?: number;
  /** Allowed clock skew in seconds, 0 to 600. Default 60. */
  clockSkewSeconds?: number;
}
