// What `sharedSignalsTransmitter` takes and gives: its options and their shape, the transmitter
// with its stream management, and the event types a stream asks for by default.

import { SecurityEventType } from '@identity-web/core';
import type { Clock, FetchLike, SecurityEventTransmitter, ShapeOf } from '@identity-web/core/provider';
import type { SharedSignalsStream, StreamRequest } from './streams.js';

/**
 * Options of {@link sharedSignalsTransmitter}.
 *
 * @group Shared Signals
 */
export interface SharedSignalsTransmitterOptions {
  /**
   * The transmitter's issuer, exactly as its SETs' `iss` (`https://accounts.google.com/` for
   * Google's Cross-Account Protection). Its metadata is read from
   * `/.well-known/ssf-configuration` (SSF 1.0 §7.2), else `/.well-known/risc-configuration`.
   */
  issuer: string;
  /**
   * Poll delivery: the stream's poll endpoint (the `endpoint_url` of its `urn:ietf:rfc:8936`
   * delivery, SSF 1.0 §6.1.2). Required for `sharedSignals.delivery: 'poll'`.
   */
  pollEndpoint?: string;
  /**
   * The stream this app receives on (its `stream_id`), for `requestVerification` and
   * `streamStatus`. `createStream` sets it too.
   */
  streamId?: string;
  /**
   * The bearer token for the poll endpoint and the stream management API (SSF 1.0 §7.1.1: the
   * transmitter's authorization scheme, most often an OAuth client-credentials token), asked for
   * before each request, e.g. `async () => (await identity.acquireTokenForApp('ssf')).accessToken`.
   * Default: no header.
   */
  accessToken?: () => Promise<string>;
  /** Seconds the metadata and keys are kept before they are fetched again. Default 3600. */
  metadataTtlSeconds?: number;
  /** Milliseconds any request to the transmitter may take. Default 10000. */
  timeoutMs?: number;
  /** Plain http to localhost only, for a transmitter in a test. Default `false`. */
  allowInsecureRequests?: boolean;
  /** The fetch to use. Default `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** The time source of the caches. Default: the system clock. */
  clock?: Clock;
}

export const OPTION_SHAPE: ShapeOf<SharedSignalsTransmitterOptions> = {
  issuer: true,
  pollEndpoint: true,
  streamId: true,
  accessToken: true,
  metadataTtlSeconds: true,
  timeoutMs: true,
  allowInsecureRequests: true,
  fetch: true,
  clock: true,
};

/** The event types a stream asks for by default: every one identity-web acts on (docs/shared-signals.md). */
export const EVENTS_ACTED_ON: readonly string[] = [
  SecurityEventType.SessionRevoked,
  SecurityEventType.CredentialChange,
  SecurityEventType.TokenClaimsChange,
  SecurityEventType.SessionsRevoked,
  SecurityEventType.TokensRevoked,
  SecurityEventType.AccountDisabled,
  SecurityEventType.AccountPurged,
  SecurityEventType.AccountCredentialChangeRequired,
];

/**
 * What {@link sharedSignalsTransmitter} returns: the core's transmitter port, and the stream's management.
 *
 * @group Shared Signals
 */
export interface SharedSignalsTransmitter extends SecurityEventTransmitter {
  /** RFC 8936: one poll; fails with `idp_error` while no poll endpoint is known. */
  poll: NonNullable<SecurityEventTransmitter['poll']>;
  /** SSF 1.0 §8.1.4.2: a verification event carrying `state`; fails without a stream id. */
  requestVerification: NonNullable<SecurityEventTransmitter['requestVerification']>;
  /**
   * SSF 1.0 §8.1.1.1: creates the stream at the transmitter's configuration endpoint and makes it
   * this transmitter's stream (its id for verification and status; for a poll stream, its poll
   * endpoint). Fails with `idp_error` when the transmitter answers a stream of another issuer.
   * @example await transmitter.createStream({ delivery: { method: 'push', endpointUrl: 'https://app.example.com/auth/security-events' } });
   */
  createStream(request: StreamRequest): Promise<SharedSignalsStream>;
  /** SSF 1.0 §8.1.1.2: reads a stream's configuration (default: this transmitter's stream). */
  readStream(streamId?: string): Promise<SharedSignalsStream>;
  /** SSF 1.0 §8.1.2.1: the stream's status (`enabled`, `paused`, `disabled`) and the transmitter's reason. */
  streamStatus(streamId?: string): Promise<{
    /** `enabled`, `paused` or `disabled`. */
    status: string;
    /** The transmitter's reason, when it gave one. */
    reason?: string;
  }>;
}
