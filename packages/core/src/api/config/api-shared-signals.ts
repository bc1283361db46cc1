// The `sharedSignals` option of createIdentityWebApi, checked once: the transmitter, whose users
// its events name, the audiences and push secret, and the SET time limits.
import { invalidOption } from '../../domain/errors.js';
import {
  oneOf,
  optionalNumber,
  optionalObject,
  optionalString,
  optionalStringList,
} from '../../domain/option-checks.js';
import type { AccessTokenProvider, IdentityWebApiOptions } from './api-options.js';

type Transmitter = NonNullable<IdentityWebApiOptions['sharedSignals']>['transmitter'];

/** `sharedSignals`, checked, with its defaults. */
export interface ApiSharedSignals {
  readonly transmitter: Transmitter;
  /** The issuer of the provider whose users the events name. */
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly pushAuthorization: string | null;
  readonly credentialChange: 'remove-account' | 'acknowledge';
  readonly maxAgeSeconds: number;
  readonly clockSkewSeconds: number;
}

/** `sharedSignals`: `undefined` when left out; every mistake throws `invalid_option` naming the option. */
export function resolveApiSharedSignals(
  options: IdentityWebApiOptions,
  providers: readonly AccessTokenProvider[],
): ApiSharedSignals | undefined {
  const signals = optionalObject(options.sharedSignals, 'sharedSignals');
  if (signals === undefined) return undefined;
  const transmitter = signals.transmitter as Partial<Transmitter> | undefined;
  if (typeof transmitter?.metadata !== 'function' || typeof transmitter.verifySignature !== 'function') {
    throw invalidOption(
      'sharedSignals.transmitter',
      'must be a Shared Signals transmitter (sharedSignalsTransmitter(...) of @identity-web/oidc)',
    );
  }
  const issuer = optionalString(signals.issuer, 'sharedSignals.issuer');
  const provider = issuer === undefined ? providers[0] : providers.find((candidate) => candidate.issuer === issuer);
  if (provider === undefined) throw invalidOption('sharedSignals.issuer', "is not one of the API's providers");
  const audience = signals.audience ?? provider.clientId;
  const audiences = typeof audience === 'string' ? [audience] : optionalStringList(audience, 'sharedSignals.audience');
  if (audiences === undefined || audiences.length === 0 || audiences.some((a) => a === '')) {
    throw invalidOption(
      'sharedSignals.audience',
      'must be given (the provider has no clientId): the "aud" the transmitter sends',
    );
  }
  const push = optionalObject(signals.push, 'sharedSignals.push');
  const authorization = optionalString(push?.authorization, 'sharedSignals.push.authorization');
  if (authorization !== undefined && (authorization.length < 16 || /[\r\n]/.test(authorization))) {
    throw invalidOption(
      'sharedSignals.push.authorization',
      'must be one header line of at least 16 characters (a random secret)',
    );
  }
  return {
    transmitter: transmitter as Transmitter,
    issuer: provider.issuer,
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
