// The request protocol the core runs for Fastify, at its edges: a 5xx thrown behind protectApi,
// with the identityWeb plugin and no authErrorHandler(), answered in the plugin's onSend: its
// details reach identity-web's logger whatever Fastify's logger is, and Fastify's log once.
import type { IdentityWeb } from '@identity-web/core';
import { identityWeb, protectApi } from '@identity-web/fastify';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { serveNode } from '../../core/test/support/node-http-app.js';
import { closeProbe, down, fakeApi, probe } from '../../core/test/support/request-probe.js';

afterEach(closeProbe);

let fastifyLog: { msg?: string }[] = [];
function app(logger: boolean) {
  return async (identity: IdentityWeb) => {
    fastifyLog = [];
    const stream = { write: (line: string) => void fastifyLog.push(JSON.parse(line)) };
    const a = Fastify(logger ? { logger: { level: 'error', stream } } : {});
    await a.register(identityWeb, { identity });
    a.get('/orders', { preHandler: protectApi(fakeApi) }, async () => {
      throw down();
    });
    await a.ready();
    return serveNode((req, res) => a.routing(req, res));
  };
}

describe('a 5xx thrown behind protectApi, answered by the plugin', () => {
  it("reaches identity-web's logger when Fastify runs without a logger (its default)", async () => {
    const seen = await probe(app(false), '/orders', { accept: 'json' });
    expect(seen.status).toBe(503);
    expect(seen.identityErrors).toHaveLength(1);
    expect(seen.identityErrors[0]).toContain('store_unavailable');
  });

  it("is logged once in Fastify's log when it has one", async () => {
    const seen = await probe(app(true), '/orders', { accept: 'json' });
    expect(seen.status).toBe(503);
    // The default error handler's line, not a second one of the same error.
    expect(seen.identityErrors).toHaveLength(1);
    expect(fastifyLog.filter((line) => line.msg === 'secret details of the store')).toHaveLength(1);
  });
});
