// `sharedSignals` past its transmitter, checked once, at creation, with messages that name the
// option: by the receiver the transmitter carries (../security-event-receiver.ts), so an app
// without Shared Signals bundles none of it.
import { invalidOption } from '../domain/errors.js';
import { oneOf, optionalBoolean, optionalNumber } from '../domain/option-checks.js';
import { refuseUnknownOptions, type ShapeOf } from '../domain/option-keys.js';
import { checkReceiverOptions } from '../domain/security-event-receiver-options.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { SecurityEventTransmitter } from '../ports/security-event-transmitter.port.js';
import type { IdentityWebOptions } from './options.js';
import type { SharedSignalsSettings } from './settings.js';
import type { SharedSignalsOptions } from './shared-signals-options.js';

/**
 * Every key of {@link SharedSignalsOptions}; the type makes it list each one, no more. Checked
 * here rather than with the other options, so that an app without Shared Signals bundles none of it.
 */
const SHARED_SIGNALS_SHAPE: ShapeOf<SharedSignalsOptions> = {
  transmitter: true,
  delivery: true,
  audience: true,
  provider: true,
  credentialChange: true,
  subjects: { email: true },
  push: { authorization: true },
  poll: { intervalSeconds: true, maxEvents: true },
  maxAgeSeconds: true,
  clockSkewSeconds: true,
};

function fail(option: string, expected: string): never {
  throw invalidOption(option, expected);
}

/**
 * `sharedSignals`, checked: the provider and audience the transmitter's SETs are for, the delivery
 * and its limits. The transmitter itself was checked before (./resolve-shared-signals.ts).
 */
export function checkSharedSignals(
  signals: SharedSignalsOptions,
  transmitter: SecurityEventTransmitter,
  options: IdentityWebOptions,
  providers: readonly { name: string | undefined; idp: IdentityProvider }[],
): SharedSignalsSettings {
  // Nested as given, so a misspelt key is named by its whole path (`sharedSignals.pol`).
  refuseUnknownOptions({ sharedSignals: signals }, { sharedSignals: SHARED_SIGNALS_SHAPE }, 'createIdentityWeb');
  const delivery = oneOf(signals.delivery ?? 'push', 'sharedSignals.delivery', ['push', 'poll'] as const);
  if (delivery === 'poll' && typeof transmitter.poll !== 'function') {
    fail('sharedSignals.delivery', 'is "poll", but the transmitter cannot poll (give it the stream\'s poll endpoint)');
  }
  const provider = providers.find(({ name }) => name === (signals.provider ?? providers[0]!.name));
  if (provider === undefined) fail('sharedSignals.provider', 'must name one of identityProviders');
  const intervalSeconds = optionalNumber(signals.poll?.intervalSeconds, 'sharedSignals.poll.intervalSeconds', 30, {
    min: 0,
    max: 3600,
  });
  const emailSubjects = optionalBoolean(signals.subjects?.email, 'sharedSignals.subjects.email', false);
  const registry = options.stores?.accountRegistry;
  if (emailSubjects && registry !== undefined && typeof registry.findByEmail !== 'function') {
    fail(
      'sharedSignals.subjects.email',
      "needs an account registry that looks users up by email: this store's has no findByEmail",
    );
  }
  return {
    ...checkReceiverOptions(signals, provider.idp.clientId),
    transmitter,
    delivery,
    provider: provider.name,
    emailSubjects,
    pollIntervalMs: intervalSeconds * 1000,
    pollMaxEvents: optionalNumber(signals.poll?.maxEvents, 'sharedSignals.poll.maxEvents', 25, {
      min: 1,
      max: 100,
      integer: true,
    }),
  };
}
