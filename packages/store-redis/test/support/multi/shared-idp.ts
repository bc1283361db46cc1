// The fake provider every app instance shares (both network stores' multi-instance tests).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAKE_OPENID, FakeOpenIdProvider, SsfTransmitter } from '@identity-web/oidc/testing';
import { getResponse } from 'msw';

/** One provider for every app instance: its state (codes, rotating refresh tokens) lives here, once. */
export interface SharedIdp {
  readonly fake: FakeOpenIdProvider;
  /** A Shared Signals transmitter at `<url>/ssf`, for the same app. */
  readonly transmitter: SsfTransmitter;
  /** `http://127.0.0.1:<port>`: where the instances send what they address to `FAKE_OPENID.issuer`. */
  readonly url: string;
  /** Refresh-token grants the token endpoint has answered, and the access token each one issued. */
  readonly refreshes: readonly { readonly status: number; readonly accessToken: string | undefined }[];
  /** Awaited before a refresh-token grant is answered: holds refreshes back while a test sets the scene. */
  refreshGate: (() => Promise<void>) | undefined;
  /** Awaited before a poll of the transmitter is answered, with the polling instance's name. */
  pollGate: ((instance: string) => Promise<void>) | undefined;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `@identity-web/oidc`'s fake OpenID provider behind a real HTTP server on 127.0.0.1. The fake is
 * written for MSW; `getResponse` runs its handlers on a request built here, so no global fetch is
 * patched. The instances keep the fake's https issuer and send its URLs here instead (their
 * `fetch` rewrites the origin), so ID tokens, discovery and logout tokens stay as the fake makes them.
 */
export async function startSharedIdp(): Promise<SharedIdp> {
  const fake = await FakeOpenIdProvider.create();
  const handlers = fake.handlers();
  const refreshes: { status: number; accessToken: string | undefined }[] = [];

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const payload = method === 'GET' || method === 'HEAD' ? undefined : (await body(req)).toString();
    const refresh = new URLSearchParams(payload).get('grant_type') === 'refresh_token';
    if (refresh) await shared.refreshGate?.();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const path = req.url ?? '/';
    const ssf = path.startsWith('/ssf/') || path.startsWith('/.well-known/ssf-configuration/ssf');
    const request = new Request(new URL(path, ssf ? shared.url : FAKE_OPENID.issuer), {
      method,
      headers,
      body: payload,
    });
    if (ssf && path.endsWith('/poll')) await shared.pollGate?.(String(req.headers['x-instance']));
    const response = ssf
      ? await shared.transmitter.handle(request)
      : ((await getResponse(handlers, request)) ?? new Response('not found', { status: 404 }));
    const text = await response.text();
    if (refresh) {
      const parsed = JSON.parse(text) as { access_token?: string };
      refreshes.push({ status: response.status, accessToken: parsed.access_token });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(text);
  };
  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const shared: SharedIdp = {
    fake,
    transmitter: await SsfTransmitter.create({ issuer: `${url}/ssf`, audience: FAKE_OPENID.clientId }),
    url,
    refreshes,
    refreshGate: undefined,
    pollGate: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return shared;
}
