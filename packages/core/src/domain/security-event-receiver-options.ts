// The options every receiver of Security Event Tokens takes (a web app's `sharedSignals`, an API's),
// checked once, with the same defaults and messages.
import { invalidOption } from './errors.js';
import { oneOf, optionalNumber, optionalString, optionalStringList } from './option-checks.js';

/** What a receiver's `sharedSignals` says of the SETs it takes, checked. */
export interface ReceiverRules {
  /** The `aud` the transmitter's SETs carry, one of which each must name. */
  readonly audiences: readonly string[];
  /** The `Authorization` header pushes must carry; `null` for none. */
  readonly pushAuthorization: string | null;
  readonly credentialChange: 'remove-account' | 'acknowledge';
  /** The oldest SET accepted, by its `iat`, in seconds. */
  readonly maxAgeSeconds: number;
  readonly clockSkewSeconds: number;
}

/** The options as written, under `sharedSignals`. */
export interface ReceiverOptions {
  readonly audience?: string | readonly string[];
  readonly push?: { readonly authorization?: string };
  readonly credentialChange?: 'remove-account' | 'acknowledge';
  readonly maxAgeSeconds?: number;
  readonly clockSkewSeconds?: number;
}

/**
 * `sharedSignals.audience` (else `defaultAudience`, the provider's client id),
 * `push.authorization` (one header line of 16 characters or more), `credentialChange`
 * (`remove-account` by default), `maxAgeSeconds` (a day, from a minute) and `clockSkewSeconds`
 * (a minute, at most ten): every mistake is an `invalid_option` naming the option.
 */
export function checkReceiverOptions(signals: ReceiverOptions, defaultAudience: string | undefined): ReceiverRules {
  const audience = signals.audience ?? defaultAudience;
  const audiences = typeof audience === 'string' ? [audience] : optionalStringList(audience, 'sharedSignals.audience');
  if (audiences === undefined || audiences.length === 0 || audiences.some((a) => a === '')) {
    throw invalidOption(
      'sharedSignals.audience',
      'must be given (the provider has no clientId): the "aud" the transmitter sends',
    );
  }
  const authorization = optionalString(signals.push?.authorization, 'sharedSignals.push.authorization');
  if (authorization !== undefined && (authorization.length < 16 || /[\r\n]/.test(authorization))) {
    throw invalidOption(
      'sharedSignals.push.authorization',
      'must be one header line of at least 16 characters (a random secret)',
    );
  }
  return {
    audiences,
    pushAuthorization: authorization ?? null,
    credentialChange: oneOf(signals.credentialChange ?? 'remove-account', 'sharedSignals.credentialChange', [
      'remove-account',
      'acknowledge',
    ] as const),
    maxAgeSeconds: optionalNumber(signals.maxAgeSeconds, 'sharedSignals.maxAgeSeconds', 86_400, {
      min: 60,
      max: 86_400,
      integer: true,
    }),
    clockSkewSeconds: optionalNumber(signals.clockSkewSeconds, 'sharedSignals.clockSkewSeconds', 60, {
      min: 0,
      max: 600,
    }),
  };
}
