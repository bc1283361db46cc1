import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sharedSignalsTransmitter } from '@identity-web/oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, newProvider, startSignIn } from './support/harness.js';

// The scheme of a local test provider: an https issuer for a server on this machine that speaks
// plain http, and a plain-http issuer given without the option that allows it. Each message says
// what to change.
let server: ReturnType<typeof createServer>;
let port: number;
beforeAll(async () => {
  server = createServer((_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the issuer scheme of a provider on this machine', () => {
  it('an https issuer for a server that speaks plain http: says to give http:// with allowInsecureRequests', async () => {
    const provider = newProvider({ issuer: `https://127.0.0.1:${port}`, timeoutMs: 5_000 });
    const error = await caught(startSignIn(provider));
    expect(error.code).toBe('idp_unavailable');
    expect(error.message).toContain(`could not reach https://127.0.0.1:${port}/`);
    expect(error.message).toContain(
      `give its issuer with http:// (http://127.0.0.1:${port}/…) and allowInsecureRequests: true`,
    );
  });

  it('a plain-http Shared Signals issuer without allowInsecureRequests: names the option and the transmitter', () => {
    expect(() => sharedSignalsTransmitter({ issuer: `http://127.0.0.1:${port}/ssf` })).toThrow(
      '"issuer" must be an https URL: plain http to a server on this machine needs sharedSignalsTransmitter({ allowInsecureRequests: true })',
    );
  });
});
