import { createServer } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

/** What the API answers for a bearer token. */
export type ApiVerdict = (token: string) => Promise<ApiAnswer> | ApiAnswer;
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface ApiStub {
  /** `DOWNSTREAM_API_URL`: `http://127.0.0.1:<port>/whoami`. */
  readonly url: string;
  /** Every bearer token it received, in order. */
  readonly tokens: readonly string[];
  close(): Promise<void>;
}

/**
 * A downstream web API on 127.0.0.1 that records each bearer token and answers what `verdict`
 * says about it: as much of an API as the example apps' `/call-api` needs, for any token format.
 */
export async function startApiStub(verdict: ApiVerdict): Promise<ApiStub> {
  const tokens: string[] = [];
  const server = createServer((req, res) => {
    const reply = ({ status, body }: ApiAnswer) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const token = /^Bearer ([\x21-\x7e]+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (req.method !== 'GET' || req.url !== '/whoami') return reply({ status: 404, body: { error: 'not_found' } });
    if (token === undefined) return reply({ status: 401, body: { error: 'invalid_token' } });
    tokens.push(token);
    Promise.resolve()
      .then(() => verdict(token))
      .then(reply, (error: unknown) => reply({ status: 500, body: { error: 'stub_failed', detail: String(error) } }));
  });
  const { origin, close } = await listenOnLoopback(server);
  return { url: `${origin}/whoami`, tokens, close };
}
