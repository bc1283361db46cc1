// `sharedSignals` as far as the core's app entry goes: given or not, and a transmitter that carries
// the receiver, which checks the rest. An app without the option bundles none of the receiver.
import { invalidOption } from '../domain/errors.js';
import { optionalObject, optionalObjectWith } from '../domain/option-checks.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { SecurityEventReceiver, SecurityEventTransmitter } from '../ports/security-event-transmitter.port.js';
import type { IdentityWebOptions } from './options.js';
import type { SharedSignalsSettings } from './settings.js';
import type { SharedSignalsOptions } from './shared-signals-options.js';

/** The receiver a transmitter carries, as the settings ask it (the core's own: ../security-event-receiver.ts). */
export interface SharedSignalsResolver extends SecurityEventReceiver {
  /** `sharedSignals` past its transmitter, checked: the settings the receiver runs on. */
  resolve(
    signals: SharedSignalsOptions,
    transmitter: SecurityEventTransmitter,
    options: IdentityWebOptions,
    providers: readonly { name: string | undefined; idp: IdentityProvider }[],
  ): SharedSignalsSettings;
}

const TRANSMITTER = 'sharedSignalsTransmitter({ issuer }) from @identity-web/oidc';

/**
 * `sharedSignals`, checked through the receiver its transmitter carries; `null` without the option.
 * A transmitter of another make names `receiver: securityEventReceiver` from `@identity-web/core/shared-signals`.
 */
export function resolveSharedSignals(
  options: IdentityWebOptions,
  providers: readonly { name: string | undefined; idp: IdentityProvider }[],
): SharedSignalsSettings | null {
  const signals = optionalObject(options.sharedSignals, 'sharedSignals');
  if (signals === undefined) return null;
  const transmitter = optionalObjectWith<SecurityEventTransmitter>(
    signals.transmitter,
    'sharedSignals.transmitter',
    ['metadata', 'verifySignature'],
    TRANSMITTER,
  );
  if (transmitter === undefined) throw invalidOption('sharedSignals.transmitter', `is required: ${TRANSMITTER}`);
  const receiver = transmitter.receiver as Partial<Record<'resolve' | 'wire', unknown>> | undefined;
  if (typeof receiver?.resolve !== 'function' || typeof receiver.wire !== 'function') {
    throw invalidOption(
      'sharedSignals.transmitter',
      `must carry the core's receiver: ${TRANSMITTER}, or a transmitter of your own with "receiver: securityEventReceiver" from @identity-web/core/provider`,
    );
  }
  return (receiver as unknown as SharedSignalsResolver).resolve(signals, transmitter, options, providers);
}
