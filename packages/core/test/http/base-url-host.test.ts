import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import type { HttpRequest } from '../../src/http/types.js';

function request(path: string, headers: Record<string, string>): HttpRequest {
  return {
    method: 'GET',
    url: new URL(path, 'http://ignored.example'),
    header: (name) => headers[name.toLowerCase()],
    cookie: () => undefined,
    readText: async () => '',
  };
}

function app() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const identity = createIdentityWeb({
    identityProvider: new FakeIdentityProvider(new ManualClock()),
    baseUrl: 'http://localhost:3000',
    secret: 's'.repeat(40),
    logger: { debug() {}, info() {}, error() {}, warn: (fields, message) => warnings.push({ fields, message }) },
  });
  return { identity, warnings };
}

describe('a browser that reaches the app on another origin than baseUrl', () => {
  it('gets one warning per instance naming both, at the first sign-in', async () => {
    const { identity, warnings } = app();
    await identity.http.handle(request('/auth/sign-in', { host: 'localhost:3001' }));
    await identity.http.handle(request('/auth/sign-in', { host: 'localhost:3001' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toEqual({ requestHost: 'localhost:3001', baseUrl: 'http://localhost:3000' });
    // The request's host (anyone's to choose) stays a field; the message is the app's own words.
    expect(warnings[0]?.message).toMatch(
      /^identity-web: a sign-in request came to another host than baseUrl \(http:\/\/localhost:3000\): .*Set baseUrl to the origin browsers use/,
    );
    expect(warnings[0]?.message).not.toContain('3001');
  });

  it.each([
    ['127.0.0.1 for localhost', { host: '127.0.0.1:3000' }, '127.0.0.1:3000'],
    ['a proxy forwarding another host', { host: 'app:8080', 'x-forwarded-host': 'www.example.com' }, 'www.example.com'],
    ['the callback', { host: 'LOCALHOST:3001' }, 'LOCALHOST:3001'],
    ['a host that is no host', { host: 'local host' }, 'local host'],
  ])('warns for %s', async (name, headers, seen) => {
    const { identity, warnings } = app();
    await identity.http.handle(request(name === 'the callback' ? '/auth/callback' : '/auth/sign-in', headers));
    // (A callback without state is refused too, with a warning of its own.)
    const hostWarnings = warnings.filter((w) => w.message !== 'identity-web sign-in refused');
    expect(hostWarnings.map((w) => w.fields.requestHost)).toEqual([seen]);
  });

  it('says nothing for the right host however written, a proxy that forwards it, other routes, or no Host', async () => {
    const { identity, warnings } = app();
    await identity.http.handle(request('/auth/sign-in', {}));
    await identity.http.handle(request('/orders', { host: 'localhost:3001' }));
    await identity.http.handle(request('/auth/sign-in', { host: 'app:8080', 'x-forwarded-host': 'localhost:3000' }));
    await identity.http.handle(request('/auth/sign-in', { host: 'LocalHost:3000' }));
    expect(warnings).toEqual([]);
    // Checking goes on after right hosts: the first wrong one is still heard.
    await identity.http.handle(request('/auth/sign-in', { host: 'localhost:3001' }));
    expect(warnings).toHaveLength(1);
  });

  it('takes default ports and IPv6 spellings as the same host', async () => {
    for (const [baseUrl, host] of [
      ['https://app.example.com', 'app.example.com:443'],
      ['http://localhost', 'localhost:80'],
      ['http://[::1]:3000', '[0:0:0:0:0:0:0:1]:3000'],
    ] as const) {
      const warnings: unknown[] = [];
      const identity = createIdentityWeb({
        identityProvider: new FakeIdentityProvider(new ManualClock()),
        baseUrl,
        secret: 's'.repeat(40),
        logger: { debug() {}, info() {}, error() {}, warn: (fields) => warnings.push(fields) },
      });
      await identity.http.handle(request('/auth/sign-in', { host }));
      expect(warnings).toEqual([]);
    }
  });

  it('never fails a sign-in because the logger threw', async () => {
    const identity = createIdentityWeb({
      identityProvider: new FakeIdentityProvider(new ManualClock()),
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
      logger: {
        debug() {},
        info() {},
        error() {},
        warn() {
          throw new Error('logger down');
        },
      },
    });
    const answer = await identity.http.handle(request('/auth/sign-in', { host: 'localhost:3001' }));
    expect(answer?.status).toBe(302);
  });
});
