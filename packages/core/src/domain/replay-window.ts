// How long a verified token's `jti` is remembered against a replay: its acceptance window, a margin, bounds both ways.

/** Remember a `jti` at least this long, even when the token's acceptance window closes sooner. */
export const MIN_REPLAY_SECONDS = 10 * 60;

/**
 * Added to the verifier's acceptance window: instances of one app read clocks that may differ,
 * and another instance may still accept the token a little after this one stops.
 */
export const REPLAY_MARGIN_SECONDS = 120;

/**
 * The longest a `jti` is kept: two days, past any acceptance window the core's verifiers allow
 * (a logout token's maximum age and a SET's `sharedSignals.maxAgeSeconds` both stop at one day),
 * so no token, and no custom identity-provider port, makes the replay store hold an entry for
 * longer. Also what a window that is not finite gets.
 */
export const MAX_REPLAY_SECONDS = 2 * 24 * 60 * 60;

/**
 * Seconds to remember the `jti` of a token accepted until `acceptUntil` (epoch seconds: the last
 * second at which its verifier would still accept it), from `nowSeconds`: the rest of that window
 * plus {@link REPLAY_MARGIN_SECONDS}, at least {@link MIN_REPLAY_SECONDS} and at most
 * {@link MAX_REPLAY_SECONDS}. A replay then lands inside the memory for as long as any instance
 * would accept the token.
 *
 * One rule for both kinds of token whose replay would act twice: logout tokens (OpenID Connect
 * Back-Channel Logout 1.0 §2.6 step 8: a `jti` already received may be refused) and Security
 * Event Tokens (RFC 8417 §2.2: `jti` names one event; a transmitter pushing (RFC 8935) or queuing
 * (RFC 8936) one may deliver it again until it is acknowledged).
 */
export function replayTtlSeconds(acceptUntil: number, nowSeconds: number): number {
  if (!Number.isFinite(acceptUntil)) return MAX_REPLAY_SECONDS;
  const window = Math.ceil(acceptUntil - nowSeconds) + REPLAY_MARGIN_SECONDS;
  return Math.min(MAX_REPLAY_SECONDS, Math.max(MIN_REPLAY_SECONDS, window));
}
