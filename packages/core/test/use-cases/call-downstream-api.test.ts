/// <reference types="node" />
import { ScenarioApi } from '@identity-web/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CHALLENGE_LENGTH } from '../../src/domain/www-authenticate.js';
import { downstreamApi } from '../../src/downstream-api.js';
import type { Logger } from '../../src/ports/logger.port.js';
import { bearerChallengeResponse } from '../../src/testing/scenario-api.js';
import { decodeClaims } from '../../src/use-cases/api-challenge.js';
import { API, setup } from '../support/helpers.js';
import { serveOnLoopback } from '../support/loopback-server.js';

type Server = Awaited<ReturnType<typeof serveOnLoopback>>;
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(api: ScenarioApi): Promise<Server> {
  const server = await serveOnLoopback(api.handle);
  servers.push(server);
  return server;
}

/** A signed-in account and an instance whose `orders` API is a real server on 127.0.0.1. */
async function world(options: { resource?: string; logger?: Logger } = {}) {
  const api = new ScenarioApi();
  const server = await serve(api);
  const t = setup({
    downstreamApis: {
      orders: downstreamApi({
        baseUrl: `${server.origin}/v1`,
        scopes: [API],
        ...(options.resource && { resource: options.resource }),
      }),
    },
    ...(options.logger && { logger: options.logger }),
  });
  const { account } = await t.signIn('alice');
  return {
    ...t,
    api,
    server,
    account,
    call: (path: string, init?: RequestInit) => t.identity.callApi(account, 'orders', path, init),
  };
}

describe('CallDownstreamApi over real HTTP', () => {
  it('sends the bearer token below the base URL and returns the Response unread (streamed)', async () => {
    const w = await world();
    w.api.intercept = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (const part of ['{"items":', '[1,2,', '3]}']) controller.enqueue(new TextEncoder().encode(part));
            controller.close();
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const response = await w.call('/orders?page=2', { headers: { accept: 'application/json' } });
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ items: [1, 2, 3] });
    const [call] = w.api.calls;
    expect(call?.path).toBe('/v1/orders?page=2');
    expect(w.idp.grants.get(call?.token ?? '')).toMatchObject({ subject: 'alice', scopes: [API] });
  });

  it('asks the token for the API resource indicator and keeps it apart from the plain one', async () => {
    const w = await world({ resource: 'https://orders.example' });
    await w.call('/a');
    expect(w.idp.grants.get(w.api.calls[0]?.token ?? '')?.resource).toBe('https://orders.example');
    const plain = await w.identity.acquireToken(w.account, { scopes: [API] });
    expect(plain.accessToken).not.toBe(w.api.calls[0]?.token);
    expect(w.idp.authorizedResources).toEqual([['https://orders.example']]); // asked for at sign-in
  });

  it('never follows a redirect, so the token never travels to where the API points', async () => {
    const elsewhere = new ScenarioApi();
    const other = await serve(elsewhere);
    const w = await world();
    w.api.intercept = () => new Response(null, { status: 302, headers: { location: `${other.origin}/steal` } });
    for (const redirect of [undefined, 'follow'] as const) {
      const response = await w.call('/moved', redirect === undefined ? {} : { redirect });
      expect(response.status).toBe(302);
    }
    expect(elsewhere.calls).toEqual([]);
  });

  it('replays a string body on the 401 retry, but answers the 401 as it is for a stream body', async () => {
    const w = await world();
    const rejected = new Set<string>();
    w.api.intercept = (call) =>
      rejected.has(call.token ?? '') ? bearerChallengeResponse({ error: 'invalid_token' }) : undefined;
    await w.call('/warm');
    rejected.add(w.api.calls[0]?.token ?? '');
    const retried = await w.call('/orders', {
      method: 'POST',
      body: '{"n":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(retried.status).toBe(200);
    expect(w.api.calls.slice(1).map((c) => c.body)).toEqual(['{"n":1}', '{"n":1}']);

    rejected.add(w.api.calls.at(-1)?.token ?? '');
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('once'));
        controller.close();
      },
    });
    const before = w.api.calls.length;
    const once = await w.call('/orders', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(once.status).toBe(401);
    expect(w.api.calls.length - before).toBe(1);
  });

  it('treats a claims challenge it cannot read as a plain 401 (one retry with a fresh token)', async () => {
    const w = await world();
    for (const claims of [
      'not base64 !',
      btoa('not json'),
      btoa('[1]'),
      btoa(JSON.stringify({ x: 'y'.repeat(3000) })),
    ]) {
      const before = w.api.calls.length;
      w.api.intercept = () => bearerChallengeResponse({ error: 'insufficient_claims', claims });
      expect((await w.call('/x')).status).toBe(401);
      expect(w.api.calls.length - before).toBe(2);
    }
  });

  it('puts the token in no error and no log line, whatever fails', async () => {
    const lines: unknown[] = [];
    const logger: Logger = {
      debug: (...a) => void lines.push(a),
      info: (...a) => void lines.push(a),
      warn: (...a) => void lines.push(a),
      error: (...a) => void lines.push(a),
    };
    const w = await world({ logger });
    await w.call('/ok');
    const token = w.api.calls[0]?.token ?? '';
    expect(token).not.toBe('');
    await w.server.close(); // the API goes away: a network failure
    servers.splice(servers.indexOf(w.server), 1);
    const failure = await w.call('/down').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    const seen = JSON.stringify([
      String(failure),
      (failure as Error).stack,
      (failure as { cause?: unknown }).cause,
      lines,
    ]);
    expect(seen).not.toContain(token);
    await expect(w.identity.callApi(w.account, 'nope', '/')).rejects.toMatchObject({
      code: 'invalid_argument',
      option: 'name',
    });
  });
});

describe('the claims of a challenge, at the 8 KB bound of WWW-Authenticate', () => {
  /** Base64 with `==` padding, as Entra sends a claims challenge. */
  const CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}';
  const frame = (claims: string) => `Bearer error="insufficient_claims", claims="${claims}"`;
  const room = MAX_CHALLENGE_LENGTH - frame('').length;
  /** 8 KB of `=` and one other character at the end: the shape `/=+$/` backtracks on. */
  const hostile = `${'='.repeat(room - 1)}x`;
  /** Base64 of a JSON object of the same length (too large to be asked for, so no claims either). */
  const ordinary = btoa(JSON.stringify({ access_token: { acrs: { value: 'v'.repeat(room) } } })).slice(0, room);

  /** The fastest of several timed batches: other work on the machine only ever adds time. */
  function fastest(run: () => unknown): number {
    let best = Number.POSITIVE_INFINITY;
    for (let sample = 0; sample < 11; sample++) {
      const start = performance.now();
      for (let i = 0; i < 4; i++) run();
      best = Math.min(best, performance.now() - start);
    }
    return best;
  }

  it('reads 8 KB of "=" ending in another character as no claims: a plain 401, retried once', async () => {
    expect(frame(hostile)).toHaveLength(MAX_CHALLENGE_LENGTH);
    const w = await world();
    w.api.intercept = () => new Response(null, { status: 401, headers: { 'www-authenticate': frame(hostile) } });
    expect((await w.call('/x')).status).toBe(401);
    const [first, retry] = w.api.calls;
    expect(w.api.calls).toHaveLength(2);
    expect(retry?.token).not.toBe(first?.token); // fresh from the IdP, asked for without claims
    expect(w.idp.grants.get(retry?.token ?? '')?.claims).toBeUndefined();
  });

  it('strips the padding in one scan from the end: that header costs no more than ordinary claims of its size', () => {
    expect(decodeClaims(hostile)).toBeNull();
    expect(decodeClaims(ordinary)).toBeNull();
    expect(decodeClaims(btoa(CLAIMS))).toBe(CLAIMS);
    expect(btoa(CLAIMS)).toMatch(/==$/);
    // Relative, not absolute: with `/=+$/` the hostile value took about a thousand times longer.
    expect(fastest(() => decodeClaims(hostile))).toBeLessThan(10 * fastest(() => decodeClaims(ordinary)));
  });
});
