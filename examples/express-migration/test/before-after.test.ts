// Both versions of the app against the same real OpenID provider and API: a user signs in, calls
// the API with a token for it, and signs out; the pages and the API's answer are the same.
import { Browser } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SideBySide, startSideBySide } from '../src/start.js';

let running: SideBySide;
beforeAll(async () => {
  running = await startSideBySide({ before: 0, after: 0 });
});
afterAll(() => running?.close());

async function signInAndCallTheApi(origin: string, signInPath: string) {
  const browser = new Browser('alice');
  const anonymous = await browser.navigate(`${origin}/`);
  expect(anonymous.html).toContain(`href="${signInPath}`);
  const home = await browser.navigate(`${origin}${signInPath}`);
  expect(home.url.origin).toBe(origin);
  expect(home.html).toMatch(/<p id="hello">Hello Alice<\/p>/);
  const orders = await browser.request(new URL('/orders', origin), { accept: 'application/json' });
  expect(orders.status).toBe(200);
  return { browser, home, api: (await orders.json()) as { sub?: string; scope?: string } };
}

describe('the app before and after the move', () => {
  it('before, on express-openid-connect: signs in and calls the API with the access token', async () => {
    const { browser, api } = await signInAndCallTheApi(running.before, '/login');
    expect(api).toMatchObject({ sub: 'alice' });
    // The whole session, tokens included, rides in the cookie.
    const cookies = [...browser.cookies('127.0.0.1')].filter(([name]) => name.startsWith('appSession'));
    expect(cookies.reduce((n, [, value]) => n + value.length, 0)).toBeGreaterThan(1000);
  });

  it('after, on @identity-web/express: the same pages and API answer, a small cookie, a CSRF-checked sign-out', async () => {
    const { browser, home, api } = await signInAndCallTheApi(running.after, '/auth/sign-in?returnTo=%2F');
    expect(api).toMatchObject({ sub: 'alice' });
    const session = [...browser.cookies('127.0.0.1')].find(([name]) => name.startsWith('iw.session'));
    expect(session?.[1].length).toBeLessThan(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(home.html)?.[1];
    expect(csrf).toBeDefined();
    const signOut = await browser.request(new URL('/auth/sign-out', running.after), {
      form: new URLSearchParams({ csrf: csrf! }),
    });
    expect(signOut.status).toBe(303);
    const orders = await browser.request(new URL('/orders', running.after), { accept: 'application/json' });
    expect(orders.status).toBe(401);
  });
});
