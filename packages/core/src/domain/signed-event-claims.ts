// The claim checks a logout token (OpenID Connect Back-Channel Logout 1.0 §2.6) and a Security
// Event Token (RFC 8417 §2.2, Shared Signals Framework 1.0 §4.1) share: whom `aud` names, and the
// window `iat` must fall in. Each token keeps its own errors; the rules are these, once.

/** RFC 7519 §4.1.3: `aud` is one string or an array of them; anything else names no audience. */
export function audienceList(aud: unknown): readonly unknown[] {
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
}

/** What is wrong with an `iat` outside its window, in the words of a refusal. */
export type IatFault = 'missing' | 'in the future' | 'too old';

/** The window an `iat` must fall in, in seconds. */
export interface IatWindow {
  /** Now, in epoch seconds. */
  readonly now: number;
  /** The clock skew allowed both ways. */
  readonly skewSeconds: number;
  /** How old a token may be. */
  readonly maxAgeSeconds: number;
}

/**
 * The token's `iat` when it is a finite number no later than now plus the skew and no earlier than
 * now less the maximum age and the skew; otherwise `refuse` is called with what is wrong. Neither
 * spec gives a token a lifetime of its own that `iat` need not bound: a logout token's `exp` is
 * optional before errata set 1, and a SET has none (SSF 1.0 §4.1.3).
 */
export function iatWithin(iat: unknown, window: IatWindow, refuse: (fault: IatFault) => never): number {
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return refuse('missing');
  if (iat > window.now + window.skewSeconds) return refuse('in the future');
  if (iat < window.now - window.maxAgeSeconds - window.skewSeconds) return refuse('too old');
  return iat;
}
