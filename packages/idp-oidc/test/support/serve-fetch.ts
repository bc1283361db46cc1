// A fetch handler (Request in, Response out) behind a real HTTP server on 127.0.0.1.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedHandler {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `handler` (looked up per request, so it can be set after the origin is known). */
export async function serveFetch(handler: () => (request: Request) => Promise<Response>): Promise<ServedHandler> {
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks).toString();
      const response = await handler()(
        new Request(new URL(req.url ?? '/', 'http://127.0.0.1'), { method, headers, body }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
