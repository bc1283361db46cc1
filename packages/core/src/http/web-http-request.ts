// A Fetch API `Request` as the core reads it: for the adapters of frameworks that speak Web
// requests (Hono on any runtime, Next.js route handlers).
import { cookieValue } from './cookie-value.js';
import type { HttpRequest } from './types.js';

/**
 * Wraps a Fetch `Request` in the core's `HttpRequest`. The URL is parsed only when the core asks
 * for it (the auth routes), on the configured origin: only the path and query of the request's
 * URL count, never the host a client or proxy named. A framework that reads a header or the body
 * its own way overrides {@link WebHttpRequest.cookieHeader} (from the Node request under it, say) or
 * {@link WebHttpRequest.alreadyRead} (its cache of a body an earlier middleware read).
 *
 * @group Adapter flow
 */
export class WebHttpRequest implements HttpRequest {
  readonly method: string;
  readonly path: string;
  private parsed: URL | undefined;

  constructor(
    /** The Fetch request. */
    protected readonly request: Request,
    private readonly origin: string,
  ) {
    this.method = request.method;
    this.path = rawPath(request.url);
  }

  get url(): URL {
    if (this.parsed === undefined) {
      const url = new URL(this.request.url);
      this.parsed = new URL(`${this.origin}${url.pathname}${url.search}`);
    }
    return this.parsed;
  }

  header(name: string): string | undefined {
    return this.request.headers.get(name) ?? undefined;
  }

  cookie(name: string): string | undefined {
    return cookieValue(this.cookieHeader(), name);
  }

  /** The `Cookie` header, as the framework reads it best. */
  protected cookieHeader(): string | null | undefined {
    return this.request.headers.get('cookie');
  }

  readText(maxBytes: number): Promise<string> {
    return readWebRequestBody(this.request, maxBytes, () => this.alreadyRead());
  }

  /** A body something read already: the framework's cache of it, else `request.text()`. */
  protected alreadyRead(): Promise<string> {
    return this.request.text();
  }
}

/** The path of an absolute URL string as the runtime gave it, before `?` or `#`. */
function rawPath(url: string): string {
  const scheme = url.indexOf('://');
  const start = url.indexOf('/', scheme === -1 ? 0 : scheme + 3);
  if (start === -1) return '/';
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query !== -1) end = query;
  const fragment = url.indexOf('#', start);
  if (fragment !== -1 && fragment < end) end = fragment;
  return url.slice(start, end);
}

/**
 * Reads a Fetch request's body as text, refusing (a `RangeError`) one over `maxBytes`. Without a
 * declared length (a chunked upload) it stops at the limit instead of buffering the whole body
 * first: the routes that read bodies are open to anyone. A body something read already is
 * taken from `alreadyRead`.
 */
async function readWebRequestBody(
  request: Request,
  maxBytes: number,
  alreadyRead: () => Promise<string>,
): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= maxBytes)) throw tooLarge(maxBytes);
  const text =
    declared === null && request.body !== null && !request.bodyUsed
      ? await readAtMost(request.body, maxBytes)
      : await alreadyRead();
  if (new TextEncoder().encode(text).byteLength > maxBytes) throw tooLarge(maxBytes);
  return text;
}

async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: a body that is one branch of a tee() settles its cancel only with the other's.
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
}

function tooLarge(maxBytes: number): RangeError {
  return new RangeError(`the request body exceeds ${maxBytes} bytes`);
}
