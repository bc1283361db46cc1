// The Shared Signals receiver: the one value that brings into an instance the checks of the
// `sharedSignals` option, the use cases that act on Security Event Tokens, their push route and the
// poll timer. A transmitter carries it in (its `receiver`), and nothing the core's app entry reaches
// imports this file, so an app without Shared Signals bundles none of it.

import type { SecurityEventTransmitter } from '@identity-web/core/provider';
import { checkSharedSignals } from './config/check-shared-signals.js';
import { Providers } from './config/providers.js';
import type { ReceiverWiring } from './create-identity-web.js';
import { invalidOption } from './domain/errors.js';
import { SecurityEventRoutes } from './http/security-event.routes.js';
import { logSecurityEvents } from './observability/security-event-log.js';
import { HandleSecurityEvent } from './use-cases/handle-security-event.js';
import { PollSecurityEvents } from './use-cases/poll-security-events.js';
import { startPolling } from './use-cases/poll-timer.js';
import { VerifySecurityEventStream } from './use-cases/verify-security-event-stream.js';

/** Registered as singletons in the container of each instance the receiver is wired into. */
const SERVICES = [HandleSecurityEvent, PollSecurityEvents, VerifySecurityEventStream, SecurityEventRoutes] as const;

const receiver: ReceiverWiring = {
  receives: 'security-events',
  resolve: checkSharedSignals,
  wire(c, settings, logger, on) {
    // Its use cases inject this copy's classes: an instance of another copy of the core has none.
    if (!c.isRegistered(Providers)) {
      throw invalidOption(
        'sharedSignals.transmitter',
        'carries the receiver of another copy of @identity-web/core than the one createIdentityWeb comes from: install one copy (npm ls @identity-web/core)',
      );
    }
    for (const service of SERVICES) c.registerSingleton(service as never);
    const poll = () => c.resolve(PollSecurityEvents).execute();
    const stopPolling = startPolling(settings, poll, logger);
    const stopLogging = logSecurityEvents(on, logger);
    return {
      routes:
        settings.sharedSignals?.delivery === 'push'
          ? [{ method: 'POST', path: '/security-events', route: (req) => c.resolve(SecurityEventRoutes).receive(req) }]
          : [],
      poll,
      verify: (options) => c.resolve(VerifySecurityEventStream).execute(options),
      stop() {
        stopPolling();
        stopLogging();
      },
    };
  },
};

/**
 * The core's receiver of Security Event Tokens, for a Shared Signals transmitter to carry:
 * `sharedSignalsTransmitter()` from `@identity-web/oidc` does. A transmitter of your own sets
 * `receiver: securityEventReceiver`.
 *
 * @example
 * ```ts
 * import { securityEventReceiver } from '@identity-web/core/shared-signals';
 * import type { SecurityEventTransmitter } from '@identity-web/core/provider';
 *
 * const transmitter: SecurityEventTransmitter = {
 *   receiver: securityEventReceiver,
 *   metadata: async () => ({ issuer, explicitTyping: true, criticalSubjectMembers: [] }),
 *   verifySignature: (jwt, refuse) => verifyWithTheTransmittersKeys(jwt, refuse),
 * };
 * ```
 *
 * @group Shared Signals
 */
export const securityEventReceiver: SecurityEventTransmitter['receiver'] = receiver;
