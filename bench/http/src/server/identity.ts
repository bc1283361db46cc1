import { randomBytes } from 'node:crypto';
import { createIdentityWeb, type IdentityWeb, type IdentityWebOptions } from '@identity-web/core';
import { FakeIdentityProvider, locationOf, TestBrowser } from '@identity-web/core/testing';
import { BENCH_SCOPE, HELLO, ROUTE } from '../variants.js';
import { expectStatus, SetupError } from './errors.js';

export type Stores = NonNullable<IdentityWebOptions['stores']>;

/**
 * The session cookie's name, set explicitly: by default it carries the port of `baseUrl`
 * (`iw.session.<port>`), and each bench server listens on a port of its own.
 */
export const SESSION_COOKIE = 'iw.session';

export interface BenchIdentity {
  readonly identity: IdentityWeb;
  readonly idp: FakeIdentityProvider;
  /** Closes the stores, when they hold connections (Redis, PostgreSQL). */
  close?(): Promise<void>;
}

/**
 * identity-web as an app configures it, with the in-memory fake IdP (no network): the
 * downstream scope is asked for at sign-in, so the user has consented to it.
 */
export function createBenchIdentity(baseUrl: string, stores?: Stores): BenchIdentity {
  const idp = new FakeIdentityProvider({ now: () => Date.now() });
  const identity = createIdentityWeb({
    identityProvider: idp,
    baseUrl,
    secret: randomBytes(32).toString('base64url'),
    scopes: ['openid', 'profile', 'offline_access', BENCH_SCOPE],
    session: { cookieName: SESSION_COOKIE },
    ...(stores && { stores }),
  });
  const closable = stores as { close?: () => Promise<void> } | undefined;
  return { identity, idp, ...(typeof closable?.close === 'function' && { close: () => closable.close!() }) };
}

/**
 * Signs a fresh user in through the app's own routes, as a browser would (sign-in → the IdP →
 * callback, cookies kept in a jar), then calls the route once so the downstream token is in
 * the cache. Returns the headers every benchmark request sends.
 */
export async function signInThroughApp(baseUrl: string, idp: FakeIdentityProvider): Promise<Record<string, string>> {
  // The route must be closed to anonymous calls, or the variant would measure nothing of identity-web.
  const anonymous = await fetch(new URL(ROUTE, baseUrl), { headers: { accept: 'application/json' } });
  await expectStatus(anonymous, 401, `GET ${ROUTE} without a session`);
  const browser = new TestBrowser((path, init) => fetch(new URL(path, baseUrl), init));
  // A new subject each time: a shared Redis or database may still hold the accounts of earlier runs.
  const subject = `bench-${randomBytes(6).toString('hex')}`;
  const start = await browser.fetch(`/auth/sign-in?returnTo=${encodeURIComponent(ROUTE)}`);
  await expectStatus(start, 302, 'GET /auth/sign-in');
  const params = idp.login(locationOf(start), subject, `sid-${subject}`);
  const callback = await browser.fetch(`/auth/callback?${params}`);
  await expectStatus(callback, 302, 'GET /auth/callback');
  if (browser.cookies.size === 0) throw new SetupError('the callback set no session cookie');
  const headers = { cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };

  const warm = await fetch(new URL(ROUTE, baseUrl), { headers });
  await expectStatus(warm, 200, `GET ${ROUTE} with the session cookie`);
  const body = await warm.text();
  if (body !== JSON.stringify(HELLO)) throw new SetupError(`GET ${ROUTE} answered ${body.slice(0, 200)}`);
  return headers;
}
