// A request of Node's HTTP server (`IncomingMessage`, or an HTTP/2 request) as the core reads it:
// for the adapters of frameworks on Node (Koa, Express, Fastify). Typed structurally, so the core
// imports nothing of Node.
import { cookieValue } from './cookie-value.js';
import { type NodeRequestLike, readNodeRequestBody } from './node-request-body.js';
import type { HttpRequest } from './types.js';

/**
 * Wraps Node's request in the core's `HttpRequest`. A class, and the URL is parsed only when
 * the core asks for it (the auth routes): an app request costs one small object.
 */
class NodeHttpRequest implements HttpRequest {
  readonly method: string;
  readonly path: string;
  private parsed: URL | undefined;

  constructor(
    private readonly raw: NodeRequestLike,
    private readonly target: string,
    private readonly origin: string,
    private readonly parsedBody: { readonly rawBody?: unknown; readonly body?: unknown },
  ) {
    this.method = raw.method ?? 'GET';
    const query = target.indexOf('?');
    this.path = query === -1 ? target : target.slice(0, query);
  }

  get url(): URL {
    this.parsed ??= requestUrl(this.target, this.origin);
    return this.parsed;
  }

  header(name: string): string | undefined {
    const value = this.raw.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : (value as string | undefined);
  }

  cookie(name: string): string | undefined {
    // Straight from the header, whether or not a cookie parser ran: identity-web signs its own values.
    const value = this.raw.headers.cookie;
    return cookieValue(typeof value === 'string' ? value : undefined, name);
  }

  readText(maxBytes: number): Promise<string> {
    // From the stream when nothing read it; else from what a body parser left (read now, not
    // when the request was wrapped: the parser may run in between).
    return readNodeRequestBody(this.raw, maxBytes, this.parsedBody);
  }
}

/**
 * The core's `HttpRequest` for Node's request `raw`. `target` is the request target the
 * framework routes on (the original one, when a router or sub-app rewrote `req.url`: the auth
 * routes live at absolute paths); `parsedBody` is the object on which a body parser leaves
 * `rawBody` or `body`, read only when an auth route needs its form body.
 *
 * @group Adapter flow
 */
export function nodeHttpRequest(
  raw: NodeRequestLike,
  target: string,
  origin: string,
  parsedBody: { readonly rawBody?: unknown; readonly body?: unknown } = {},
): HttpRequest {
  return new NodeHttpRequest(raw, target, origin, parsedBody);
}

/**
 * Only the path and query count: the origin is the configured `baseUrl`, never the Host header
 * (nor `X-Forwarded-Host`, whatever the framework's proxy setting says).
 */
function requestUrl(target: string, origin: string): URL {
  if (target.startsWith('/')) return new URL(`${origin}${target}`);
  try {
    const absolute = new URL(target); // absolute-form request target (RFC 9112 §3.2.2)
    return new URL(`${origin}${absolute.pathname}${absolute.search}`);
  } catch {
    return new URL(`${origin}/`); // `OPTIONS *` and the like: never an auth route
  }
}
