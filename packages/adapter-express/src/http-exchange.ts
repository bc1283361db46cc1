// Express's side of the exchange with the core: its request as an `HttpRequest` (body read up to a
// limit, whether or not a body parser ran), and the core's `HttpResult` written back through Node's response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HttpRequest, type HttpResult, nodeHttpRequest, setCookieHeader } from '@identity-web/core/adapter';

/** What of Express's request this file reads: Node's, plus what Express and body parsers add. */
export type ExpressRequestLike = IncomingMessage & { originalUrl?: string; body?: unknown; rawBody?: unknown };

/**
 * Express's request as the core reads it, at `originalUrl`, not `url`: a router or sub-app
 * mounted at a path rewrites `req.url`, and the auth routes live at absolute paths. A body
 * parser's result (`express.urlencoded()`, `text`, `raw`, or a `verify` hook's `rawBody`) is read
 * from the request itself.
 */
export function toHttpRequest(req: ExpressRequestLike, origin: string): HttpRequest {
  return nodeHttpRequest(req, req.originalUrl ?? req.url ?? '/', origin, req);
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
