// Express's side of the exchange with the core: its request as an `HttpRequest` (body read up to a
// limit, whether or not a body parser ran), and the core's `HttpResult` written back through Node's response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type FrameworkExchange,
  type HttpRequest,
  type HttpResult,
  nodeHttpRequest,
  setCookieHeader,
} from '@identity-web/core/adapter';
import type { NextFunction, Request, RequestHandler } from 'express';

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

/** What goes with Express's request: its response and `next`. */
export interface Onward {
  readonly res: ServerResponse;
  readonly next: NextFunction;
}

/** Express's side of the request flow and the guard: `req.auth`, then `next()`. */
export const expressExchange: FrameworkExchange<Request, Onward, void> = {
  request: (request, origin) => toHttpRequest(request as ExpressRequestLike, origin),
  answer: (_request, { res }, result) => writeResult(res, result),
  proceed(request, { next }, auth) {
    request.auth = auth;
    next();
  },
};

/**
 * An Express middleware of a flow, named `name` (identityWeb() finds itself and the error
 * middleware in the app's router by their names): synchronous when the flow is, so a known
 * session costs no extra turn of the event loop; what identity-web does not answer goes to the
 * app's error handling.
 */
export function expressMiddleware(
  name: string,
  flow: (request: Request, onward: Onward) => void | Promise<void>,
): RequestHandler {
  const middleware = (request: Request, res: ServerResponse, next: NextFunction): void => {
    try {
      const done = flow(request, { res, next });
      if (done instanceof Promise) done.catch(next);
    } catch (error) {
      next(error);
    }
  };
  return Object.defineProperty(middleware, 'name', { value: name }) as RequestHandler;
}
