// Fastify's side of the exchange with the core: its request as an `HttpRequest` (body read from the
// raw stream up to a limit), and the core's `HttpResult` written on a Fastify reply.
import {
  type FrameworkExchange,
  type HttpRequest,
  type HttpResult,
  nodeHttpRequest,
  setCookieHeader,
} from '@identity-web/core/adapter';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fastify's request as the core reads it: Node's own request (`request.raw`), at the target
 * Fastify routes (after its `rewriteUrl`, if the app has one, so the auth routes are matched on
 * the path the app's own routes and guards see), with the headers read without Fastify's
 * getters. The auth routes are answered in `onRequest`, before Fastify's content-type parsers,
 * so a body is most often read from the stream; else from what a parser left on the request.
 */
export function toHttpRequest(request: FastifyRequest, origin: string): HttpRequest {
  return nodeHttpRequest(
    request.raw,
    request.raw.url as string,
    origin,
    request as { rawBody?: unknown; body?: unknown },
  );
}

/**
 * Puts the core's status, headers and cookies on `reply` and returns the body to send. The type
 * and length of an answer already prepared (an error handler's JSON) go; cookies the app set stay.
 */
export function prepareResult(reply: FastifyReply, result: HttpResult): string | null {
  reply.removeHeader('content-type');
  reply.removeHeader('content-length');
  reply.code(result.status);
  for (const [name, value] of Object.entries(result.headers)) reply.header(name, value);
  for (const cookie of result.cookies) reply.header('set-cookie', setCookieHeader(cookie));
  return result.body;
}

/** Sends the core's answer, unless the reply was hijacked or has already gone out. */
export function sendResult(reply: FastifyReply, result: HttpResult): FastifyReply {
  if (reply.sent || reply.raw.headersSent) return reply;
  const body = prepareResult(reply, result);
  return body === null ? reply.send() : reply.send(body);
}

/** Fastify's side of the request flow and the guard: `request.auth`; a hook that returns nothing goes on. */
export const fastifyExchange: FrameworkExchange<FastifyRequest, FastifyReply, FastifyReply | undefined> = {
  request: toHttpRequest,
  answer: (_request, reply, result) => sendResult(reply, result),
  proceed(request, _reply, auth) {
    request.auth = auth;
    return undefined;
  },
};

// The error a route (or a hook) threw, noted by the plugin's `onError` hook until its `onSend`
// answers it, unless `authErrorHandler()` answered it first. Out of the request's own properties.
const noted = new WeakMap<FastifyRequest, unknown>();

/** Notes the error Fastify's `onError` hook saw on the request. */
export function noteError(request: FastifyRequest, error: unknown): void {
  noted.set(request, error);
}

/** The error noted on the request, which is answered now: `undefined` when none is. */
export function takeNotedError(request: FastifyRequest): unknown {
  const error = noted.get(request);
  noted.delete(request);
  return error;
}
