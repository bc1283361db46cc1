import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { browserCookie } from '../src/server/builders.js';
import { createBenchIdentity, signInThroughApp } from '../src/server/identity.js';
import { identityWebKoa } from '../src/server/koa-apps.js';

describe('the request the bare routes get', () => {
  it('carries a session cookie of the name and length a real sign-in through the app sets', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const bench = createBenchIdentity(baseUrl);
      server.on('request', identityWebKoa(bench.identity, 'koa-identity-web'));
      const signedIn = (await signInThroughApp(baseUrl, bench.idp)).cookie!;
      const bare = browserCookie().cookie!;
      expect(bare.split('=')[0]).toBe(signedIn.split('=')[0]);
      expect(bare).toHaveLength(signedIn.length);
      expect(bare).not.toBe(signedIn);
      bench.identity.close();
    } finally {
      server.close();
    }
  });
});
