// A forwarding proxy on 127.0.0.1 that records the bearer tokens passing through it: the test's
// view of the token the web app sends the middle tier, which no page shows.
import { createServer, request } from 'node:http';
import { freePort } from '@identity-web-examples/example-support';

export interface TokenTap {
  /** `http://127.0.0.1:<port>`: requests go on to the target unchanged. */
  readonly origin: string;
  /** Every bearer token seen, in order. */
  readonly tokens: readonly string[];
  close(): Promise<void>;
}

/** Starts a tap in front of `target` (an origin on 127.0.0.1). */
export async function startTokenTap(target: string): Promise<TokenTap> {
  const tokens: string[] = [];
  const to = new URL(target);
  const server = createServer((req, res) => {
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token !== undefined) tokens.push(token);
    const forward = request(
      {
        host: '127.0.0.1',
        port: to.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: to.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
