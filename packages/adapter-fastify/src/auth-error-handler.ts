// A `setErrorHandler` wrapper that answers identity-web's errors with their challenge and hands on the rest.
import { errorAnswer, refuseUncalled } from '@identity-web/core/adapter';

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendResult, takeNotedError } from './http-exchange.js';

/**
 * A Fastify error handler, as `app.setErrorHandler()` takes it.
 *
 * @group Route guards
 */
export type ErrorHandler = (
  this: FastifyInstance,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown;

/**
 * An error handler for `app.setErrorHandler()` that answers `InteractionRequiredError` (and
 * "not signed in") with the identity-web challenge, identity-web's own errors with a status (a
 * 503 when a store is down) with their answer, and hands every other error to `fallback`. The
 * plugin already replaces your handler's answer to these errors with the challenge; wrap your
 * handler with this when it should never see them (an error reporter would count consent
 * prompts as failures, Fastify's default handler logs them).
 *
 * On a route behind `protectApi()`, identity-web's errors are the API's: JSON
 * `{ error, error_description }` with the error's status (a 5xx's without `error_description`, the
 * error itself in `request.log`), `Cache-Control: no-store`, never a challenge or a page. An API needs
 * this handler for it: Fastify's own answers such an error with its message, a 5xx's included.
 *
 * @param fallback - Your error handler. Default: rethrow, so the error goes to the error handler
 * Fastify had before (a parent scope's, or its default).
 * @example
 * ```ts
 * import { authErrorHandler } from '@identity-web/fastify';
 *
 * app.setErrorHandler(
 *   authErrorHandler((error, request, reply) => {
 *     request.log.error({ err: error }, 'request failed'); // never a challenge
 *     return reply.code(500).send({ error: 'internal' });
 *   }),
 * );
 * ```
 *
 * @group Route guards
 */
export function authErrorHandler(fallback?: ErrorHandler): ErrorHandler {
  // biome-ignore lint/complexity/noArguments: mounted uncalled, Fastify passes its error and request here.
  refuseUncalled('authErrorHandler', arguments, 'authErrorHandler()');
  return function identityWebErrorHandler(error, request, reply) {
    // Answered here (or handed on), the error the plugin noted is the handler's: its onSend leaves the answer be.
    takeNotedError(request);
    // A route behind protectApi() is an API's: its caller gets JSON, never a sign-in challenge.
    const answer = errorAnswer(request, error, reply.raw.headersSent);
    if (answer === null) {
      if (fallback) return fallback.call(this, error, request, reply);
      throw error;
    }
    return sendResult(reply, answer);
  };
}
