// The log lines of the Shared Signals receiver, from its events: written only where the receiver
// is wired in (../security-event-receiver.ts), so an app without Shared Signals bundles none of them.
import type { Logger } from '../ports/logger.port.js';
import type { On } from './event-log.js';

/** Info for a security event acted on; warn for a refused one. Neither names an account. */
export function logSecurityEvents(on: On, logger: Logger): () => void {
  const offs = [
    on('securityEvent', (e) => {
      const fields = {
        event: 'security_event',
        delivery: e.delivery,
        eventType: e.eventType,
        action: e.action,
        accounts: e.accounts,
      };
      logger.info(fields, 'identity-web: security event received');
    }),
    // As a refused logout: a refused security event may leave a user's tokens alive.
    on('securityEventRefused', (e) => {
      const fields = { event: 'security_event_refused', delivery: e.delivery, reason: e.reason, detail: e.detail };
      logger.warn(fields, `identity-web: ${e.delivery} security event refused`);
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
