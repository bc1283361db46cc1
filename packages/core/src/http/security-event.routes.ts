// RFC 8935 push delivery: `POST {basePath}/security-events`, where a Shared Signals transmitter
// sends each Security Event Token, answered 202 or with the RFC's error JSON.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import { timingSafeEqual } from '../crypto/encoding.js';
import { securityEventRefusalStatus } from '../domain/error-answers.js';
import { ErrorCode, isIdentityWebError } from '../domain/errors.js';
import { isSecurityEventRefusal, MAX_SECURITY_EVENT_LENGTH, refusalReasonOf } from '../domain/security-event.js';
import type { SecurityEventRefusalReason } from '../domain/security-event-types.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { Logger } from '../ports/logger.port.js';
import { HandleSecurityEvent } from '../use-cases/handle-security-event.js';
import { errorResult, json } from './responses.js';
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

  /**
   * RFC 8935 §2.2–2.4: the `Authorization` header when one is configured (401
   * `authentication_failed`), the `application/secevent+jwt` body, then the SET itself. 202 once
   * acted on; 400 with `{ err, description }` for a SET refused or already received; 503 with
   * `Retry-After` when the transmitter's keys or a store could not be reached, so it retries.
   */
  async receive(req: HttpRequest): Promise<HttpResult> {
    const expected = this.settings.sharedSignals?.pushAuthorization ?? null;
    if (expected !== null && !timingSafeEqual(req.header('authorization') ?? '', expected)) {
      return this.refused('authentication_failed', 'the Authorization header is missing or wrong');
    }
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/secevent+jwt') {
      return this.refused('invalid_request', 'the body must be application/secevent+jwt');
    }
    let body: string;
    try {
      body = await req.readText(MAX_SECURITY_EVENT_LENGTH);
    } catch {
      return this.refused('invalid_request', 'the body is too large or unreadable');
    }
    try {
      await this.handle.execute(body.trim(), 'push');
      return { status: 202, headers: { 'cache-control': 'no-store' }, cookies: [], body: '' };
    } catch (error) {
      if (isSecurityEventRefusal(error)) return this.refused(error.err, error.message);
      if (isIdentityWebError(error) && error.code === ErrorCode.SecurityEventReplayed) {
        return this.refused('invalid_request', error.message);
      }
      const detail = isIdentityWebError(error) ? error.message : 'the event failed unexpectedly';
      await this.events.emit('securityEventRefused', { delivery: 'push', reason: refusalReasonOf(error), detail });
      return errorResult(error, this.logger, { format: 'json' }); // a 503 with Retry-After
    }
  }

  /** RFC 8935 §2.3: the error JSON; the event logs it at warn and counts it. */
  private async refused(err: SecurityEventRefusalReason, description: string): Promise<HttpResult> {
    await this.events.emit('securityEventRefused', { delivery: 'push', reason: err, detail: description });
    return json(securityEventRefusalStatus(err), { err, description });
  }
}
