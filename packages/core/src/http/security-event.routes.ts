// RFC 8935 push delivery: `POST {basePath}/security-events`, where a Shared Signals transmitter
// sends each Security Event Token, answered 202 or with the RFC's error JSON.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import { isIdentityWebError } from '../domain/errors.js';
import { refusalReasonOf } from '../domain/security-event.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { Logger } from '../ports/logger.port.js';
import { HandleSecurityEvent } from '../use-cases/handle-security-event.js';
import { receivePushedEvent } from './security-event-push.js';
import type { HttpRequest, HttpResult } from './types.js';

/** The push route of a Shared Signals stream (RFC 8935 §2). */
@injectable()
export class SecurityEventRoutes {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(HandleSecurityEvent) private readonly handle: HandleSecurityEvent,
  ) {}

  /** A pushed SET, acted on by {@link HandleSecurityEvent}; each refusal and failure is an event (logged, counted). */
  receive(req: HttpRequest): Promise<HttpResult> {
    return receivePushedEvent(req, {
      authorization: this.settings.sharedSignals?.pushAuthorization ?? null,
      act: (jwt) => this.handle.execute(jwt, 'push'),
      refused: (reason, detail) => this.events.emit('securityEventRefused', { delivery: 'push', reason, detail }),
      failed: (error) =>
        this.events.emit('securityEventRefused', {
          delivery: 'push',
          reason: refusalReasonOf(error),
          detail: isIdentityWebError(error) ? error.message : 'the event failed unexpectedly',
        }),
      logger: this.logger,
    });
  }
}
