import { type IncomingMessage, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { originScenarios } from '../../core/src/testing/scenarios/origin.scenarios.js';
import { describeScenarioGroup } from '../../core/test/support/scenario-group.js';
import { closeWorlds, fastifyScenarioApp, fastifyWorld, type ServedApp } from './support/app.js';

// The origin rules (baseUrl, never the request; Secure __Host- cookies behind a TLS proxy) are
// shared scenarios; here they run again with Fastify trusting the proxy.
describeScenarioGroup('fastify trusting the proxy', originScenarios, fastifyScenarioApp({ trustProxy: true }));

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.toLowerCase());
}

describe('identityWeb behind a proxy: origin from baseUrl, never from the request', () => {
  afterEach(closeWorlds);

  it('answers an absolute-form request target on the path it names, with the configured origin', async () => {
    const world = await fastifyWorld();
    const { port } = new URL((world.app as ServedApp).origin);
    const start = await new Promise<IncomingMessage>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: 'http://evil.example/auth/sign-in?returnTo=/me' }, resolve)
        .on('error', reject)
        .end(),
    );
    start.resume();
    expect(start.statusCode).toBe(302);
    const location = new URL(start.headers.location!);
    expect(location.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/callback');
  });

  it('keeps Set-Cookie headers the app set, appends its own and deletes with Max-Age=0', async () => {
    const world = await fastifyWorld({
      before: (app) =>
        app.addHook('onRequest', async (_request, reply) => {
          reply.header('set-cookie', 'app=1; Path=/');
        }),
    });
    const cookies = setCookies(await world.browser().fetch('/auth/sign-in'));
    expect(cookies[0]).toBe('app=1; path=/');
    expect(cookies.length).toBeGreaterThan(1);
    expect(cookies.slice(1).every((l) => l.includes('samesite=lax'))).toBe(true);
    // Fastify's serializer deletes a cookie with Max-Age=0.
    const alice = await world.signIn('alice');
    const signOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken });
    expect(setCookies(signOut).some((l) => l.startsWith('iw.session.3000=;') && l.includes('max-age=0'))).toBe(true);
  });
});
