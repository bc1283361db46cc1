// The `sharedSignals` option of createIdentityWebApi, checked once: the transmitter, whose users
// its events name, the audiences and push secret, and the SET time limits.
import { invalidOption } from '../../domain/errors.js';
import { optionalObject, optionalString } from '../../domain/option-checks.js';
import { checkReceiverOptions, type ReceiverRules } from '../../domain/security-event-receiver-options.js';
import type { AccessTokenProvider, IdentityWebApiOptions } from './api-options.js';

type Transmitter = NonNullable<IdentityWebApiOptions['sharedSignals']>['transmitter'];

/** `sharedSignals`, checked, with its defaults. */
export interface ApiSharedSignals extends ReceiverRules {
  readonly transmitter: Transmitter;
  /** The issuer of the provider whose users the events name. */
  readonly issuer: string;
  /** That provider, which says whether a user's `iss` is its own (a tenant's, for a multi-tenant one). */
  readonly provider: AccessTokenProvider;
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
  optionalObject(signals.push, 'sharedSignals.push');
  return {
    transmitter: transmitter as Transmitter,
    issuer: provider.issuer,
    provider,
    ...checkReceiverOptions(signals, provider.clientId),
  };
}
