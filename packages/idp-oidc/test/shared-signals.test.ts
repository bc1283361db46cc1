import { createIdentityWeb, silentLogger } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock, webScenarioApp } from '@identity-web/core/testing';
import { SsfTransmitter } from '@identity-web/oidc/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedSignalsTransmitter } from '../src/index.js';
import { caught } from './support/harness.js';
import { hmacJwt, unsecuredJwt } from './support/keys.js';
import { type ServedHandler, serveFetch } from './support/serve-fetch.js';

// sharedSignalsTransmitter against a transmitter of our own over real HTTP: its metadata (SSF 1.0
// §7), the signature of its SETs against its JWKS, and RFC 8936 polls.
const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';
/** What the core's refusal is to the transmitter: an error it makes and throws as it is. */
class Refused extends Error {}
const refuse = (reason: string) => new Refused(reason);

let served: ServedHandler;
let ssf: SsfTransmitter;
let risc: SsfTransmitter;
let current: () => SsfTransmitter;

beforeAll(async () => {
  served = await serveFetch(() => (request) => current().handle(request));
  ssf = await SsfTransmitter.create({
    issuer: `${served.origin}/ssf`,
    audience: 'client-1',
    bearerToken: 'poll-token-1',
    criticalSubjectMembers: ['tenant'],
  });
  risc = await SsfTransmitter.create({ issuer: `${served.origin}/risc/`, audience: 'client-1', mode: 'risc' });
  current = () => ssf;
});
afterAll(() => served?.close());

function transmitterFor(t: SsfTransmitter, extra: Record<string, unknown> = {}) {
  return sharedSignalsTransmitter({ issuer: t.options.issuer, allowInsecureRequests: true, ...extra });
}

describe('sharedSignalsTransmitter: metadata', () => {
  it('reads /.well-known/ssf-configuration/<path>: explicit typing, critical subject members', async () => {
    current = () => ssf;
    await expect(transmitterFor(ssf).metadata()).resolves.toEqual({
      issuer: ssf.options.issuer,
      explicitTyping: true,
      criticalSubjectMembers: ['tenant'],
    });
  });

  it("falls back to a RISC transmitter's /.well-known/risc-configuration, whose SETs carry no typ", async () => {
    current = () => risc;
    await expect(transmitterFor(risc).metadata()).resolves.toMatchObject({ explicitTyping: false });
  });

  it('refuses metadata that names another issuer (SSF 1.0 §7.2.3), and says which', async () => {
    current = () => ssf;
    const error = await caught(
      sharedSignalsTransmitter({ issuer: `${served.origin}/ssf/`, allowInsecureRequests: true }).metadata(),
    );
    // `…/ssf/` has the same well-known URL as `…/ssf`, but is not the issuer the document names.
    expect(error.code).toBe('idp_error');
    expect(error.message).toContain(`names the issuer "${served.origin}/ssf"`);
  });

  it('refuses plain http unless allowed, and unknown options', () => {
    expect(() => sharedSignalsTransmitter({ issuer: 'http://127.0.0.1:1/ssf' })).toThrow(/issuer/);
    expect(() => sharedSignalsTransmitter({ issuer: 'https://tr.example.com', pollEndpiont: 'x' } as never)).toThrow(
      /pollEndpiont/,
    );
  });
});

describe('sharedSignalsTransmitter: signatures', () => {
  it("verifies a SET signed with the transmitter's key and returns its header and payload", async () => {
    current = () => ssf;
    const { set, jti } = await ssf.issue(SESSION_REVOKED, { format: 'opaque', id: 's-1' });
    const signed = await transmitterFor(ssf).verifySignature(set, refuse);
    expect(signed.protectedHeader).toMatchObject({ typ: 'secevent+jwt', alg: 'ES256' });
    expect(JSON.parse(new TextDecoder().decode(signed.payload))).toMatchObject({ jti });
  });

  it('refuses a changed payload, a SET of another key, alg "none" and an HMAC keyed with the public key', async () => {
    current = () => ssf;
    const transmitter = transmitterFor(ssf);
    const { set } = await ssf.issue(SESSION_REVOKED, { format: 'opaque', id: 's-1' });
    const [header, , signature] = set.split('.');
    const changed = `${header}.${base64url.encode(JSON.stringify({ iss: ssf.options.issuer, jti: 'forged' }))}.${signature}`;
    const impostor = await SsfTransmitter.create({ issuer: ssf.options.issuer, audience: 'client-1' });
    const other = (await impostor.issue(SESSION_REVOKED, { format: 'opaque', id: 's-1' })).set;
    const jwk = ((await (await fetch(`${ssf.options.issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys[0]!;
    const none = unsecuredJwt({ iss: ssf.options.issuer }, { typ: 'secevent+jwt', kid: jwk.kid });
    const hmac = await hmacJwt(
      new TextEncoder().encode(JSON.stringify(jwk)),
      { iss: ssf.options.issuer },
      { kid: jwk.kid },
    );
    for (const [name, forged] of Object.entries({ changed, none, hmac })) {
      const error = await caught(transmitter.verifySignature(forged, refuse));
      expect(error, name).toBeInstanceOf(Refused);
    }
    // A key the transmitter's JWKS does not list (yet: a rotation, or a forged `kid`) is a
    // retryable 503, so a genuine SET signed with a key not yet published is never lost.
    const unknown = await caught(transmitter.verifySignature(other, refuse));
    expect(unknown.code).toBe('idp_unavailable');
    expect(unknown.status).toBe(503);
  });
});

describe('sharedSignalsTransmitter: polling (RFC 8936)', () => {
  it('sends acknowledgements and errors, gets the queued SETs, with the bearer token the endpoint needs', async () => {
    current = () => ssf;
    const a = await ssf.issue(SESSION_REVOKED, { format: 'opaque', id: 's-a' });
    const b = await ssf.issue(SESSION_REVOKED, { format: 'opaque', id: 's-b' });
    ssf.enqueue(a);
    ssf.enqueue(b);
    let asked = 0;
    const transmitter = transmitterFor(ssf, {
      pollEndpoint: ssf.pollEndpoint,
      accessToken: async () => {
        asked++;
        return 'poll-token-1';
      },
    });
    const first = await transmitter.poll!({ maxEvents: 1, ack: [], setErrs: {} });
    expect(first).toEqual({ sets: { [a.jti]: a.set }, moreAvailable: true });
    const second = await transmitter.poll!({
      maxEvents: 5,
      ack: [a.jti],
      setErrs: {},
    });
    expect(second).toEqual({ sets: { [b.jti]: b.set }, moreAvailable: false });
    await transmitter.poll!({ maxEvents: 0, ack: [], setErrs: { [b.jti]: { err: 'invalid_key', description: 'x' } } });
    expect(ssf.acknowledged).toEqual([a.jti]);
    expect(ssf.errors.get(b.jti)?.err).toBe('invalid_key');
    expect(ssf.pending).toBe(0);
    expect(asked).toBe(3);
  });

  it('fails with idp_error when the poll endpoint refuses the token, so nothing is taken as acknowledged', async () => {
    current = () => ssf;
    const transmitter = transmitterFor(ssf, { pollEndpoint: ssf.pollEndpoint, accessToken: async () => 'wrong' });
    const error = await caught(transmitter.poll!({ maxEvents: 5, ack: [], setErrs: {} }));
    expect(error.code).toBe('idp_error');
    expect(error.message).toContain('HTTP 401');
  });
});

describe('sharedSignalsTransmitter: the stream (SSF 1.0 §8), end to end with an app that receives', () => {
  // An app on identity-web (core's fake provider, real HTTP) and a transmitter with management.
  async function start(delivery: 'push' | 'poll') {
    const clock = new ManualClock(Date.now());
    const idp = new FakeIdentityProvider(clock, { clientId: 'client-1' });
    let handle: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
    const app = await serveFetch(() => (request) => handle(request));
    const managed = await SsfTransmitter.create({
      issuer: `${served.origin}/managed-${delivery}`,
      audience: 'client-1',
      bearerToken: 'management-token',
    });
    current = () => managed;
    const transmitter = transmitterFor(managed, { accessToken: async () => 'management-token' });
    const identity = createIdentityWeb({
      identityProvider: idp,
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
      clock,
      logger: silentLogger,
      sharedSignals: {
        transmitter,
        delivery,
        push: { authorization: 'Bearer push-secret-0123456789' },
        poll: { intervalSeconds: 0 },
      },
    });
    const web = await webScenarioApp(identity);
    handle = (request) => {
      const url = new URL(request.url);
      return web.fetch(`${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        ...(request.method === 'POST' && { body: request.body, duplex: 'half' }),
      } as RequestInit);
    };
    return { app, managed, transmitter, identity };
  }

  it('creates a push stream, reads it and its status, and verifies it: the transmitter pushes the state back', async () => {
    const { app, managed, transmitter, identity } = await start('push');
    try {
      const stream = await transmitter.createStream({
        delivery: {
          method: 'push',
          endpointUrl: `${app.origin}/auth/security-events`,
          authorizationHeader: 'Bearer push-secret-0123456789',
        },
        description: 'identity-web test',
      });
      expect(stream).toMatchObject({ iss: managed.options.issuer, aud: ['client-1'], delivery: { method: 'push' } });
      // Every event type identity-web acts on was asked for.
      expect(stream.eventsDelivered).toContain(SESSION_REVOKED);
      await expect(transmitter.readStream()).resolves.toMatchObject({ streamId: stream.streamId });
      await expect(transmitter.streamStatus()).resolves.toEqual({ status: 'enabled' });
      const verification = await identity.verifySharedSignals({ timeoutMs: 5000 });
      expect(verification.verified).toBe(true);
    } finally {
      identity.close();
      await app.close();
    }
  });

  it('creates a poll stream, adopts its poll endpoint, and verifies it by polling', async () => {
    const { app, managed, transmitter, identity } = await start('poll');
    try {
      const stream = await transmitter.createStream({ delivery: { method: 'poll' } });
      expect(stream.delivery).toEqual({ method: 'poll', endpointUrl: managed.pollEndpoint });
      const verification = await identity.verifySharedSignals({ timeoutMs: 5000 });
      expect(verification.verified).toBe(true);
      expect(managed.acknowledged).toHaveLength(1);
    } finally {
      identity.close();
      await app.close();
    }
  });

  it("adopts a stream's poll endpoint only on an origin the transmitter's metadata names: the bearer token goes nowhere else", async () => {
    const otherOrigin = served.origin.replace('127.0.0.1', 'localhost');
    const cases: [string, (pollEndpoint: string) => string, Record<string, unknown>, boolean][] = [
      ['a cloud metadata service', () => 'https://169.254.169.254/latest/meta-data/', {}, false],
      ['another origin', () => `${otherOrigin}/poll`, {}, false],
      ['credentials in the URL', (own) => own.replace('://', '://user:pw@'), {}, false],
      ["the transmitter's origin", (own) => own, {}, true],
      [
        "the origin of the app's pollEndpoint",
        () => `${otherOrigin}/poll-b`,
        { pollEndpoint: `${otherOrigin}/poll-a` },
        true,
      ],
    ];
    for (const [name, endpointFor, extra, adopted] of cases) {
      const { app, managed, identity } = await start('poll');
      const transmitter = transmitterFor(managed, { accessToken: async () => 'management-token', ...extra });
      try {
        const real = managed.handle.bind(managed);
        const named = endpointFor(managed.pollEndpoint);
        let requests = 0;
        current = () =>
          ({
            handle: async (request: Request) => {
              requests++;
              const response = await real(request);
              if (!new URL(request.url).pathname.endsWith('/stream') || response.status !== 201) return response;
              const body = await response.json();
              return Response.json({ ...body, delivery: { ...body.delivery, endpoint_url: named } }, { status: 201 });
            },
          }) as unknown as SsfTransmitter;
        const created = transmitter.createStream({ delivery: { method: 'poll' } });
        if (adopted) {
          await expect(created, name).resolves.toMatchObject({ delivery: { endpointUrl: named } });
          continue;
        }
        const refused = await caught(created);
        expect(refused.code, name).toBe('idp_error');
        expect(refused.message, name).toMatch(
          /on an origin neither its issuer nor its metadata names.*pollEndpoint|with credentials in its URL/,
        );
        // No poll endpoint was taken: the next poll sends no request, let alone the token.
        const before = requests;
        const poll = await caught(transmitter.poll({ maxEvents: 1, ack: [], setErrs: {} }));
        expect(poll.message, name).toContain('no poll endpoint');
        expect(requests, name).toBe(before);
        // Nor was the stream made this transmitter's: it is not half adopted.
        expect((await caught(transmitter.streamStatus())).message, name).toContain('streamId, or createStream');
      } finally {
        identity.close();
        await app.close();
      }
    }
  });

  it('refuses a stream the transmitter answers for another issuer, and management without a stream', async () => {
    const { app, managed, transmitter, identity } = await start('push');
    try {
      const error = await caught(transmitter.streamStatus());
      expect(error.code).toBe('idp_error');
      expect(error.message).toMatch(/streamId, or createStream/);
      const impostor = managed.handle.bind(managed);
      current = () =>
        ({
          handle: async (request: Request) => {
            const response = await impostor(request);
            if (!new URL(request.url).pathname.endsWith('/stream')) return response;
            return Response.json({ ...(await response.json()), iss: 'https://elsewhere.test' }, { status: 201 });
          },
        }) as unknown as SsfTransmitter;
      const refused = await caught(
        transmitter.createStream({ delivery: { method: 'push', endpointUrl: `${app.origin}/auth/security-events` } }),
      );
      expect(refused.code).toBe('idp_error');
      expect(refused.message).toContain('another issuer');
    } finally {
      identity.close();
      await app.close();
    }
  });
});
