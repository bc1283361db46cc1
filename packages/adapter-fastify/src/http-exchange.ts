// Fastify's side of the exchange with the core: its request as an `HttpRequest` (body read from the
// raw stream up to a limit), and the core's `HttpResult` written on a Fastify reply.
import {
  cookieValue,
  type HttpRequest,
  type HttpResult,
  readNodeRequestBody,
  setCookieHeader,
} from '@identity-web/core/adapter';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Wraps a Fastify request in the core's `HttpRequest`. Reads Node's own request (`request.raw`):
 * the target Fastify routes (after its `rewriteUrl`, if the app has one, so the auth routes are
 * matched on the path the app's own routes and guards see), and the headers without Fastify's
 * getters. The URL is parsed only when the core asks for it (the auth routes).
 */
class FastifyHttpRequest implements HttpRequest {
  readonly method: string;
  readonly path: string;
  private parsed: URL | undefined;

  constructor(
    private readonly request: FastifyRequest,
    private readonly origin: string,
  ) {
    this.method = request.raw.method as string;
    const target = request.raw.url as string;
    const query = target.indexOf('?');
    this.path = query === -1 ? target : target.slice(0, query);
  }

  get url(): URL {
    this.parsed ??= requestUrl(this.request.raw.url as string, this.origin);
    return this.parsed;
  }

  header(name: string): string | undefined {
    const value = this.request.raw.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  cookie(name: string): string | undefined {
    return cookieValue(this.request.raw.headers.cookie, name);
  }

  /**
   * From the raw stream when nothing read it yet (the auth routes are answered in `onRequest`,
   * before Fastify's content-type parsers), else from what a parser left on the request.
   */
  readText(maxBytes: number): Promise<string> {
    const { rawBody, body } = this.request as { rawBody?: unknown; body?: unknown };
    return readNodeRequestBody(this.request.raw, maxBytes, { rawBody, body });
  }
}

export function toHttpRequest(request: FastifyRequest, origin: string): HttpRequest {
  return new FastifyHttpRequest(request, origin);
}

/** Path and query only: the origin is the configured `baseUrl`, never the Host header. */
function requestUrl(target: string, origin: string): URL {
  if (target.startsWith('/')) return new URL(`${origin}${target}`);
  try {
    const absolute = new URL(target); // absolute-form request target (RFC 9112 §3.2.2)
    return new URL(`${origin}${absolute.pathname}${absolute.search}`);
  } catch {
    return new URL(`${origin}/`); // `OPTIONS *` and the like: never an auth route
  }
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
