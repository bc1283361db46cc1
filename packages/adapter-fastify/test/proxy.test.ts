import { type IncomingMessage, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeWorlds, fastifyWorld, type ServedApp } from './support/app.js';

const HTTPS = { baseUrl: 'https://app.example.com' };

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.toLowerCase());
}

describe('identityWeb behind a proxy: origin from baseUrl, never from the request', () => {
  afterEach(closeWorlds);

  it.each([
    ['trusts the proxy', true],
    ['does not trust the proxy', false],
  ])('signs in with Secure __Host- cookies when Fastify %s', async (_, trustProxy) => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' };
    const world = await fastifyWorld({ trustProxy, headers: forwarded }, HTTPS);
    const start = await world.browser().fetch('/auth/sign-in');
    expect(start.status).toBe(302);
    const redirect = new URL(start.headers.get('location')!).searchParams.get('redirect_uri');
    expect(redirect).toBe('https://app.example.com/auth/callback');
    const cookies = setCookies(start);
    expect(cookies.length).toBeGreaterThan(0);
    for (const line of cookies) {
      expect(line).toMatch(/^__host-/);
      expect(line).toContain('; secure');
      expect(line).toContain('; httponly');
      expect(line).toContain('; path=/');
    }
    const alice = await world.signIn('alice');
    expect([...alice.browser.cookies.keys()]).toContain('__Host-iw.session');
    expect((await alice.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    const signOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken });
    expect(signOut.status).toBe(303);
    expect(setCookies(signOut).some((l) => l.startsWith('__host-iw.session=;') && l.includes('max-age=0'))).toBe(true);
  });

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

  it('keeps Set-Cookie headers the app set and appends its own', async () => {
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
  });
});
