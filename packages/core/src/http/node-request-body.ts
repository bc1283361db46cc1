// The small form bodies of the auth routes, read from a Node `IncomingMessage` up to a limit: for the
// adapters of frameworks on Node's HTTP server (Koa, Express, Fastify). Typed structurally, so the
// core imports nothing of Node and runs anywhere; on other runtimes no adapter calls it.

/**
 * What identity-web uses of Node's `IncomingMessage` (or an HTTP/2 request): its method, headers, and stream for a form body.
 *
 * @group Adapter flow
 */
export interface NodeRequestLike {
  /** The request method (`GET`, `POST`, ...). */
  readonly method?: string | undefined;
  /** The request headers, lower-case names (`Content-Length` is read). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** `true` once something read from the stream (a body parser). */
  readonly readableDidRead?: boolean;
  /** `true` once the stream ended: an empty body a parser read sets this one only. */
  readonly readableEnded?: boolean;
  /** `true` once the stream was destroyed (the request aborted). */
  readonly destroyed?: boolean;
  /** Listens to the stream: its chunks. */
  on(event: 'data', listener: (chunk: Uint8Array) => void): this;
  /** Listens to the stream: its end, or its closing before the end (an aborted request). */
  on(event: 'end' | 'close', listener: () => void): this;
  /** Listens to the stream: its failure. */
  on(event: 'error', listener: (error: Error) => void): this;
  /** Stops listening to the chunks. */
  off(event: 'data', listener: (chunk: Uint8Array) => void): this;
  /** Stops listening to the end or the closing. */
  off(event: 'end' | 'close', listener: () => void): this;
  /** Stops listening to failures. */
  off(event: 'error', listener: (error: Error) => void): this;
}

/**
 * Reads a request body as text, refusing (a `RangeError`) one over `maxBytes`: from the stream
 * when nothing read it yet, so the app needs no body parser; else from what a body parser left
 * on the request, given as `parsed` (`rawBody` first, then `body`: a string, bytes, or a parsed
 * urlencoded form, encoded back so repeated parameters stay repeated). A stream consumed with
 * nothing left is a `RangeError` too: the core answers it as a bad request.
 *
 * Hand-written rather than a body-parsing library: the limit is checked on every chunk, and an
 * over-long body stops being buffered at once (the routes that read bodies are open to anyone).
 *
 * @example
 * readText(maxBytes) { return readNodeRequestBody(req.raw, maxBytes, { rawBody: req.rawBody, body: req.body }); }
 */
export function readNodeRequestBody(
  req: NodeRequestLike,
  maxBytes: number,
  parsed: { readonly rawBody?: unknown; readonly body?: unknown } = {},
): Promise<string> {
  // An empty body emits no data: a parser that read it leaves `readableEnded` only, and a
  // listener on that stream would wait for an end that came already.
  if (!req.readableDidRead && !req.readableEnded) {
    if (req.destroyed) return Promise.reject(new Error('the request was aborted'));
    return readStream(req, maxBytes);
  }
  const text = asText(parsed.rawBody) ?? asText(parsed.body);
  if (text === null) return Promise.reject(new RangeError('the request body was consumed by another middleware'));
  if (new TextEncoder().encode(text).byteLength > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return Promise.resolve(text);
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (typeof value !== 'object' || value === null) return null;
  const form = new URLSearchParams();
  for (const [name, item] of Object.entries(value)) {
    for (const v of Array.isArray(item) ? item : [item]) if (typeof v === 'string') form.append(name, v);
  }
  return form.toString();
}

function readStream(req: NodeRequestLike, maxBytes: number): Promise<string> {
  const declared = req.headers['content-length'];
  if (typeof declared === 'string' && Number(declared) > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const decoder = new TextDecoder();
    let text = '';
    let size = 0;
    const done = (error: Error | null) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve(text + decoder.decode());
    };
    // Events rather than `for await`: leaving an async iterator early destroys the request,
    // and with it the socket the 400 must go out on. Node discards the unread rest.
    const onData = (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size > maxBytes) done(tooLarge(maxBytes));
      else text += decoder.decode(chunk, { stream: true });
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
