import { Agent, request } from 'node:http';
import type { FakeOpenIdProvider } from '@identity-web/oidc/testing';

/** Keeps connections open between requests; no cap, so a burst is as concurrent as asked. */
const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** One HTTP/1.1 exchange with 127.0.0.1; rejects when no complete answer came within `timeoutMs`. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`refusing to send to ${target.origin}`);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: options.method ?? 'GET', headers: options.headers, agent, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms: ${url}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The IdP's POST of a logout token to an instance's back-channel route (OIDC Back-Channel Logout 1.0 §2.5). */
export function postLogoutToken(instanceUrl: string, logoutToken: string, timeoutMs?: number): Promise<Reply> {
  return send(`${instanceUrl}/auth/back-channel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: logoutToken }).toString(),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

/**
 * One browser: a cookie jar it sends to every instance, since they are one app behind one
 * public origin. Paths and expiry dates are ignored; a cleared cookie leaves the jar.
 */
export class Visitor {
  readonly #jar = new Map<string, string>();

  async get(url: string, accept = 'application/json', timeoutMs?: number): Promise<Reply> {
    const cookie = [...this.#jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const reply = await send(url, {
      headers: { accept, ...(cookie === '' ? {} : { cookie }) },
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    const setCookie = reply.headers['set-cookie'] ?? [];
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const pair = line.split(';', 1)[0] ?? '';
      const [name, value] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()];
      if (value === '' || /;\s*max-age=0/i.test(line)) this.#jar.delete(name);
      else this.#jar.set(name, value);
    }
    return reply;
  }

  /** Signs in through `instanceUrl` as `sub` in IdP session `sid`: sign-in, the provider's answer, the callback. */
  async signIn(instanceUrl: string, idp: FakeOpenIdProvider, sub: string, sid: string): Promise<void> {
    const start = await this.get(`${instanceUrl}/auth/sign-in?returnTo=/`, 'text/html');
    const location = start.headers.location;
    if (start.status !== 302 || typeof location !== 'string') throw new Error(`sign-in answered ${start.status}`);
    const callback = await idp.authorize(new URL(location), { sub, sid });
    const done = await this.get(`${instanceUrl}/auth/callback?${callback}`, 'text/html');
    if (done.status !== 302 || !this.#jar.has('iw.session.3000')) {
      throw new Error(`the callback answered ${done.status}: ${done.text.slice(0, 300)}`);
    }
  }

  /** `GET /call-api` as a script: the token on 200. */
  async callApi(instanceUrl: string, timeoutMs?: number): Promise<{ status: number; accessToken?: string }> {
    const reply = await this.get(`${instanceUrl}/call-api`, 'application/json', timeoutMs);
    const body = reply.status === 200 ? (JSON.parse(reply.text) as { accessToken: string }) : undefined;
    return { status: reply.status, ...(body && { accessToken: body.accessToken }) };
  }
}
