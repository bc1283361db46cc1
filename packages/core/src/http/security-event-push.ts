// RFC 8935 push delivery, read and answered once for every receiver of Security Event Tokens (a web
// app's `POST {basePath}/security-events`, an API's): the transmitter's Authorization, the body,
// then 202, the RFC's error JSON, or 503 with Retry-After so the transmitter retries.
import { timingSafeEqual } from '../crypto/encoding.js';
import { securityEventRefusalStatus } from '../domain/error-answers.js';
import { ErrorCode, isIdentityWebError } from '../domain/errors.js';
import { isSecurityEventRefusal, MAX_SECURITY_EVENT_LENGTH } from '../domain/security-event.js';
import type { SecurityEventRefusalReason } from '../domain/security-event-types.js';
import type { Logger } from '../ports/logger.port.js';
import { errorResult, json } from './responses.js';
import type { HttpRequest, HttpResult } from './types.js';

/** What a push route does with the SET it read, and how it reports what it refused. */
export interface PushedEventReceiver {
  /** The `Authorization` header the transmitter must send, or `null` for none. */
  readonly authorization: string | null;
  /** Acts on the SET; throws a `SecurityEventRefusal`, `security_event_replayed`, or a 5xx error. */
  act(jwt: string): Promise<unknown>;
  /** Told of each refusal (RFC 8935 §2.4 code and why), before it is answered. */
  refused(err: SecurityEventRefusalReason, description: string): Promise<void> | void;
  /** Told of a failure of the receiver's own (a store, the transmitter's keys), answered 503. */
  failed(error: unknown): Promise<void> | void;
  readonly logger: Logger;
}

/**
 * RFC 8935 §2.2–2.4: the `Authorization` header when one is configured (401
 * `authentication_failed`), the `application/secevent+jwt` body, then the SET itself. 202 once
 * acted on; 400 with `{ err, description }` for a SET refused or already received; 503 with
 * `Retry-After` when the transmitter's keys or a store could not be reached, so it retries.
 */
export async function receivePushedEvent(req: HttpRequest, receiver: PushedEventReceiver): Promise<HttpResult> {
  const refuse = async (err: SecurityEventRefusalReason, description: string) => {
    await receiver.refused(err, description);
    return json(securityEventRefusalStatus(err), { err, description });
  };
  const expected = receiver.authorization;
  if (expected !== null && !timingSafeEqual(req.header('authorization') ?? '', expected)) {
    return refuse('authentication_failed', 'the Authorization header is missing or wrong');
  }
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/secevent+jwt')
    return refuse('invalid_request', 'the body must be application/secevent+jwt');
  let body: string;
  try {
    body = await req.readText(MAX_SECURITY_EVENT_LENGTH);
  } catch {
    return refuse('invalid_request', 'the body is too large or unreadable');
  }
  try {
    await receiver.act(body.trim());
    return { status: 202, headers: { 'cache-control': 'no-store' }, cookies: [], body: '' };
  } catch (error) {
    if (isSecurityEventRefusal(error)) return refuse(error.err, error.message);
    if (isIdentityWebError(error) && error.code === ErrorCode.SecurityEventReplayed) {
      return refuse('invalid_request', error.message);
    }
    await receiver.failed(error);
    return errorResult(error, receiver.logger, { format: 'json' }); // a 503 with Retry-After
  }
}
