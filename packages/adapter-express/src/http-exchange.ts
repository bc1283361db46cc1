// Express's side of the exchange with the core: its request as an `HttpRequest` (body read up to a
// limit, whether or not a body parser ran), and the core's `HttpResult` written back through Node's response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  cookieValue,
  type HttpRequest,
  type HttpResult,
  readNodeRequestBody,
  setCookieHeader,
} from '@identity-web/core/adapter';

/** What of Express's request this file reads: Node's, plus what Express and body parsers add. */
export type ExpressRequestLike = IncomingMessage & { originalUrl?: string; body?: unknown; rawBody?: unknown };

/**
 * Wraps an Express request in the core's `HttpRequest`. A class, and the URL is parsed only
 * when the core asks for it (the auth routes): an app request costs one small object.
 */
class ExpressHttpRequest implements HttpRequest {
  readonly method: string;
  readonly path: string;
  private parsed: URL | undefined;

  constructor(
    private readonly req: ExpressRequestLike,
    private readonly origin: string,
    private readonly target: string,
  ) {
    this.method = req.method as string;
    const query = target.indexOf('?');
    this.path = query === -1 ? target : target.slice(0, query);
  }

  get url(): URL {
    this.parsed ??= requestUrl(this.target, this.origin);
    return this.parsed;
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  cookie(name: string): string | undefined {
    // Straight from the header, whether or not cookie-parser ran: identity-web signs its own values.
    return cookieValue(this.req.headers.cookie, name);
  }

  readText(maxBytes: number): Promise<string> {
    // From the stream when nothing read it; else from what express.urlencoded(), express.text()
    // or express.raw() left in `req.body` (or a `verify` hook in `req.rawBody`).
    return readNodeRequestBody(this.req, maxBytes, this.req);
  }
}

/**
 * `originalUrl`, not `url`: a router or sub-app mounted at a path rewrites `req.url`, and the auth
 * routes live at absolute paths. Only the path and query count: the origin is the configured
 * `baseUrl`, never the Host header (nor `X-Forwarded-Host`, whatever `trust proxy` says).
 */
export function toHttpRequest(req: ExpressRequestLike, origin: string): HttpRequest {
  return new ExpressHttpRequest(req, origin, req.originalUrl ?? req.url ?? '/');
}

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
 * Writes the core's answer with Node's response API: Express's `res.set` would add a charset
 * the core did not choose, and `res.cookie` counts `maxAge` in milliseconds. What the app's code
 * had set of the body's framing (type, length, encoding) goes; cookies it set stay. Nothing is
 * written once the response has started (a timeout middleware answered first, say). Node leaves
 * the body out of an answer to HEAD.
 */
export function writeResult(res: ServerResponse, result: HttpResult): void {
  if (res.headersSent) return;
  for (const name of ['content-type', 'content-length', 'content-encoding']) res.removeHeader(name);
  res.statusCode = result.status;
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  if (result.cookies.length > 0) {
    const set = res.getHeader('set-cookie');
    const earlier = set === undefined ? [] : Array.isArray(set) ? set : [String(set)];
    res.setHeader('set-cookie', [...earlier, ...result.cookies.map(setCookieHeader)]);
  }
  res.end(result.body ?? undefined);
}
