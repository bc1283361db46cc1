// The Shared Signals transmitter port: what the core needs from a transmitter to receive its
// Security Event Tokens (pushed or polled) and to keep its stream, and the receiver it carries in.
// `@identity-web/oidc` implements it.

/**
 * The transmitter as its configuration metadata describes it (SSF 1.0 §7.1).
 *
 * @group Shared Signals
 */
export interface TransmitterMetadata {
  /** The transmitter's issuer: every SET's `iss` (SSF 1.0 §4.1.6). */
  readonly issuer: string;
  /**
   * Whether SETs must be typed `secevent+jwt` (SSF 1.0 §4.1.1): `true` for an SSF transmitter,
   * `false` for a RISC transmitter found at `/.well-known/risc-configuration` (Google), which
   * sends no `typ`.
   */
  readonly explicitTyping: boolean;
  /**
   * Members of a complex subject the receiver must understand or discard the event
   * (`critical_subject_members`, SSF 1.0 §3.7).
   */
  readonly criticalSubjectMembers: readonly string[];
}

/**
 * One poll request (RFC 8936 §2.4): the SETs to acknowledge, the ones refused, how many to get.
 *
 * @group Shared Signals
 */
export interface SecurityEventPollRequest {
  /** The most SETs to return. */
  readonly maxEvents: number;
  /** `jti`s of SETs received and processed since the last poll (`ack`). */
  readonly ack: readonly string[];
  /** `jti`s of SETs refused, with the RFC 8935 §2.4 error code and a description (`setErrs`). */
  readonly setErrs: Readonly<
    Record<
      string,
      {
        /** The RFC 8935 §2.4 error code. */
        readonly err: string;
        /** Why, in words. */
        readonly description: string;
      }
    >
  >;
}

/**
 * A poll response (RFC 8936 §2.5): SETs by `jti`, and whether more wait.
 *
 * @group Shared Signals
 */
export interface SecurityEventPollResponse {
  /** The SETs, compact JWS strings, by their `jti`. */
  readonly sets: Readonly<Record<string, string>>;
  /** Whether the transmitter holds more SETs than it returned. */
  readonly moreAvailable: boolean;
}

/**
 * A Shared Signals transmitter, as `sharedSignalsTransmitter(...)` from `@identity-web/oidc`
 * makes one. Every method throws an `IdentityWebError`: a fault of the SET as the `refuse` given
 * makes it, a fault of the transmitter (unreachable, a bad answer) as `idp_unavailable` or `idp_error`.
 *
 * @group Shared Signals
 */
export interface SecurityEventTransmitter {
  /**
   * The core's receiver of Security Event Tokens — the use cases that act on them, the push route,
   * the poll timer, the checks of the `sharedSignals` option —: `securityEventReceiver` from
   * `@identity-web/core/shared-signals`, opaque. It comes with the transmitter rather than from
   * `createIdentityWeb`, so that an app without Shared Signals bundles none of it.
   */
  readonly receiver: {
    /** What it receives. */
    readonly receives: 'security-events';
  };
  /** The transmitter's configuration metadata, fetched once and kept. */
  metadata(): Promise<TransmitterMetadata>;
  /**
   * Verifies the SET's JWS signature against the transmitter's keys (its `jwks_uri`) with pinned
   * asymmetric algorithms, and returns the protected header and payload bytes. A bad signature,
   * an unknown key or a token that is no JWS is thrown as `refuse(reason)`.
   */
  verifySignature(
    jwt: string,
    refuse: (reason: string, cause?: unknown) => Error,
  ): Promise<{
    /** The JWS protected header. */
    readonly protectedHeader: Readonly<Record<string, unknown>>;
    /** The payload, base64url-decoded: the claims set as UTF-8 JSON. */
    readonly payload: Uint8Array;
  }>;
  /**
   * One poll of the stream's poll endpoint (RFC 8936), acknowledging and refusing the SETs of the
   * previous poll. Absent on a transmitter that only pushes.
   */
  poll?(request: SecurityEventPollRequest): Promise<SecurityEventPollResponse>;
  /**
   * Asks the transmitter to send a verification event carrying `state` over the stream (SSF 1.0
   * §8.1.4.2). Absent on a transmitter whose stream this app does not manage.
   */
  requestVerification?(state: string): Promise<void>;
}

/** The receiver a transmitter carries, as the core names it inside (no entry exports the name). */
export type SecurityEventReceiver = SecurityEventTransmitter['receiver'];
