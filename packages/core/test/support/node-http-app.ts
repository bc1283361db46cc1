// A Node HTTP app (Koa's, Express's or Fastify's request listener) served on 127.0.0.1 for the
// adapters' suites, and the one-exchange client they talk to it with.
import { createServer, maxHeaderSize, type RequestListener, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScenarioApp } from '@identity-web/core/testing';

export interface ServedApp extends ScenarioApp {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Starts a Node request listener on 127.0.0.1, port 0. `fetch` speaks real HTTP, never follows redirects and
 * returns a `Response`, but goes through `node:http` rather than the global `fetch`: undici
 * always sends `Sec-Fetch-Mode: cors` (overriding ours), which the core rightly reads as "not a
 * navigation", so no request could ever act like the browser navigation a scenario models.
 */
export async function serveNode(listener: RequestListener, headers: Record<string, string> = {}): Promise<ServedApp> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    fetch: async (path, init = {}) => {
      const all = new Headers(init.headers);
      for (const [name, value] of Object.entries(headers)) all.set(name, value);
      const method = init.method ?? 'GET';
      if (!(init.body instanceof ReadableStream)) return send(new URL(path, origin), method, all, init.body);
      // A streamed body goes out chunked, a piece a chunk it was read in.
      const pieces: string[] = [];
      const decoder = new TextDecoder();
      const reader = (init.body as ReadableStream<Uint8Array>).getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read())
        pieces.push(decoder.decode(read.value));
      return send(new URL(path, origin), method, all, pieces);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * One HTTP/1.1 exchange; `body` is sent in `chunks` pieces (chunked encoding) when more than one,
 * or, given as an array of strings, chunked a piece a chunk.
 */
export function send(url: URL, method: string, headers: Headers, body?: unknown, chunks = 1): Promise<Response> {
  const pieces = Array.isArray(body) ? (body as string[]) : undefined;
  if (body != null && pieces === undefined && typeof body !== 'string' && !(body instanceof URLSearchParams)) {
    throw new TypeError('test fetch: only string, string[] and URLSearchParams bodies are supported');
  }
  const text = body == null ? '' : (pieces?.join('') ?? String(body));
  // Node's client frames a body on GET, OPTIONS or DELETE with neither Content-Length nor
  // chunked encoding, so the server would read it as the next request; any real client declares it.
  const framed = Object.fromEntries(headers);
  if (
    text !== '' &&
    chunks <= 1 &&
    pieces === undefined &&
    !headers.has('content-length') &&
    !headers.has('transfer-encoding')
  )
    framed['content-length'] = String(Buffer.byteLength(text));
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: framed }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const received = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) received.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const status = res.statusCode!;
        const empty = method === 'HEAD' || status === 204 || status === 304;
        resolve(new Response(empty ? null : new Uint8Array(Buffer.concat(parts)), { status, headers: received }));
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // Node's HTTP server refuses some requests before any app code runs (a head over its size
      // limit, a Content-Length that is not the number of bytes sent), and closes a connection
      // rather than draining a large body the app left unread. Node 20 and 22 get the answer out
      // first; on Node 24 the client may see a reset while it is still sending. A reset of such
      // a request is the same refusal (the suite still checks that nothing changed); a reset of
      // any other request stays an error.
      const refusal = parserRefusal(url, method, headers, text);
      if (error.code === 'ECONNRESET' && refusal !== null) {
        resolve(new Response(null, { status: refusal, headers: { 'x-test-transport': 'connection reset' } }));
      } else reject(error);
    });
    if (pieces !== undefined) {
      for (const piece of pieces) req.write(piece);
      return void req.end();
    }
    if (chunks <= 1) return void req.end(text);
    const size = Math.ceil(text.length / chunks);
    for (let i = 0; i < text.length; i += size) req.write(text.slice(i, i + size));
    req.end();
  });
}

/** A body this large is more than Node's server drains on its own after the response. */
const UNDRAINED_BODY_BYTES = 32 * 1024;

/**
 * The status a reset of this request stands for: 431 (head too large), 400 (Content-Length not
 * the bytes sent), 413 (a large body the app may leave unread); `null` when a reset is a fault.
 */
function parserRefusal(url: URL, method: string, headers: Headers, body: string): 400 | 413 | 431 | null {
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`.length;
  for (const [name, value] of headers) head += Buffer.byteLength(`${name}: ${value}\r\n`);
  if (head > maxHeaderSize) return 431;
  const declared = headers.get('content-length');
  if (declared !== null && declared !== String(Buffer.byteLength(body))) return 400;
  if (Buffer.byteLength(body) >= UNDRAINED_BODY_BYTES) return 413;
  return null;
}
