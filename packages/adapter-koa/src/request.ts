import type { IncomingMessage } from 'node:http';
import type { HttpRequest } from '@identity-web/core';
import type { ParameterizedContext } from 'koa';

/** Wraps a Koa request in the core's `HttpRequest`. */
export function toHttpRequest(ctx: ParameterizedContext, origin: string): HttpRequest {
  return {
    method: ctx.method,
    url: requestUrl(ctx.originalUrl, origin),
    header: (name) => {
      const value = ctx.req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    cookie: (name) => ctx.cookies.get(name, { signed: false }),
    readText: (maxBytes) => readBody(ctx, maxBytes),
  };
}

/**
 * Only the path and query count: the origin is the configured `baseUrl`, never the Host header.
 * `originalUrl` rather than `url`, because the auth routes live at absolute paths even when a
 * router or `koa-mount` rewrote `ctx.path`.
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

/**
 * The small form bodies of `form_post` callbacks and back-channel logout: from the raw stream
 * when nothing read it yet (no app body parser needed), else from what a body parser left.
 */
async function readBody(ctx: ParameterizedContext, maxBytes: number): Promise<string> {
  if (!ctx.req.readableDidRead) return readStream(ctx.req, maxBytes);
  const { rawBody, body } = ctx.request as { rawBody?: unknown; body?: unknown };
  const text = asText(rawBody) ?? asText(body);
  if (text === null) throw new Error('the request body was consumed by another middleware');
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  return text;
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value !== 'object' || value === null) return null;
  // A parsed urlencoded body (koa-body, @koa/bodyparser without rawBody): encode it back so
  // the core sees repeated parameters as such.
  const form = new URLSearchParams();
  for (const [name, item] of Object.entries(value)) {
    for (const v of Array.isArray(item) ? item : [item]) if (typeof v === 'string') form.append(name, v);
  }
  return form.toString();
}

function readStream(req: IncomingMessage, maxBytes: number): Promise<string> {
  if (Number(req.headers['content-length']) > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error: Error | null) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    // Events rather than `for await`: leaving an async iterator early destroys the request,
    // and with it the socket the 400 must go out on. Node discards the unread rest.
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) done(tooLarge(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => done(null);
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error('the request was aborted'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function tooLarge(maxBytes: number): RangeError {
  return new RangeError(`the request body exceeds ${maxBytes} bytes`);
}
