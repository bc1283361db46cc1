import { TestBrowser } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import type { IdentityWebOptions } from '../../src/config/options.js';
import type { SignedInAuthContext } from '../../src/http/auth-context.js';
import type { HttpRequest } from '../../src/http/types.js';
import { sessionList } from '../../src/session-list.js';
import { sessionHandle } from '../../src/use-cases/user-sessions.js';
import { twoInstances } from '../support/helpers.js';
import { webApp } from '../support/web-app.js';

const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A request of `method` to `path` on the app, with the cookies `cookie` gives. */
function request(method: string, path: string, cookie: (name: string) => string | undefined = () => undefined) {
  const req: HttpRequest = {
    method,
    url: new URL(path, 'http://localhost:3000'),
    header: () => undefined,
    cookie,
    readText: async () => '',
  };
  return req;
}

/** Two instances on shared memory stores, with the session list (`list: false`: without): what one lists or ends, the other sees. */
async function world(options: Partial<IdentityWebOptions> = {}, list = true) {
  const { a, b, another, clock, idp, stores } = twoInstances({
    ...options,
    session: { ...(list && { list: sessionList }), ...options.session },
  });
  const appA = await webApp(a);
  const signIn = async (subject: string, sid: string, userAgent?: string) => {
    const browser = new TestBrowser(appA.fetch);
    const start = await browser.fetch('/auth/sign-in');
    const headers: Record<string, string> = userAgent === undefined ? {} : { 'user-agent': userAgent };
    await browser.fetch(`/auth/callback?${idp.login(start.headers.get('location')!, subject, sid)}`, { headers });
    const [entry] = await stores.accountRegistry.findBySid(idp.issuer, sid);
    // The same cookies on instance B: its context, its memo.
    const context = async () =>
      (await b.http.context(request('GET', '/', (name) => browser.cookies.get(name)))) as SignedInAuthContext;
    return { sessionId: entry!.sessionId, accountKey: entry!.accountKey, context };
  };
  const user = (subject: string) => ({ issuer: idp.issuer, subject });
  return { a, b, another, clock, idp, stores, signIn, user };
}

describe('identity.sessionsOf and identity.signOutSession', () => {
  it('lists the live sessions of one user from any instance, newest first, and never a session id', async () => {
    const { a, b, clock, signIn, user } = await world();
    const laptop = await signIn('alice', 'sid-laptop', FIREFOX_ON_LINUX);
    clock.advance(5_000);
    const phone = await signIn('alice', 'sid-phone');
    await signIn('bob', 'sid-bob');
    const listed = await b.sessionsOf(user('alice'));
    expect(listed).toEqual([
      {
        id: await sessionHandle(phone.sessionId),
        createdAt: clock.now(),
        expiresAt: expect.any(Number),
        current: false,
      },
      {
        id: await sessionHandle(laptop.sessionId),
        createdAt: clock.now() - 5_000,
        expiresAt: clock.now() - 5_000 + 8 * 3600_000,
        device: 'Firefox 133 on Linux',
        current: false,
      },
    ]);
    expect(listed.map((s) => s.id)).not.toContain(laptop.sessionId);
    expect(await a.sessionsOf(user('bob'))).toHaveLength(1);
    expect(await a.sessionsOf(user('carol'))).toEqual([]);
  });

  it('shows lastSeenAt and the idle deadline with session.idleSeconds, and drops a session gone idle', async () => {
    const { b, clock, signIn, user } = await world({ session: { idleSeconds: 600 } });
    const laptop = await signIn('alice', 'sid-laptop');
    const signedInAt = clock.now();
    clock.advance(400_000);
    await signIn('alice', 'sid-phone');
    // Activity is recorded once a quarter of the idle window has passed.
    expect((await laptop.context()).isAuthenticated).toBe(true);
    const [phone, seen] = await b.sessionsOf(user('alice'));
    expect(phone!.lastSeenAt).toBe(clock.now());
    expect(seen).toMatchObject({ createdAt: signedInAt, lastSeenAt: clock.now(), expiresAt: clock.now() + 600_000 });
    clock.advance(600_001);
    expect(await b.sessionsOf(user('alice'))).toEqual([]);
  });

  it("ends one session on every instance; the account's tokens stay until its last session ends", async () => {
    const { a, b, signIn, user } = await world();
    const laptop = await signIn('alice', 'sid-laptop');
    const phone = await signIn('alice', 'sid-phone');
    expect((await phone.context()).isAuthenticated).toBe(true); // now in B's session memo
    expect(await a.signOutSession(user('alice'), await sessionHandle(phone.sessionId))).toBe(true);
    expect((await phone.context()).isAuthenticated).toBe(false);
    expect((await laptop.context()).isAuthenticated).toBe(true);
    expect(await b.hasAccount(laptop.accountKey)).toBe(true);
    // Already ended: nothing more to end.
    expect(await a.signOutSession(user('alice'), await sessionHandle(phone.sessionId))).toBe(false);
    expect(await a.signOutSession(user('alice'), await sessionHandle(laptop.sessionId))).toBe(true);
    expect(await b.hasAccount(laptop.accountKey)).toBe(false);
    expect(await b.sessionsOf(user('alice'))).toEqual([]);
  });

  it("ends nothing for a handle that is not one of the user's own live sessions", async () => {
    const { a, signIn, user, stores, idp } = await world();
    const alice = await signIn('alice', 'sid-alice');
    const bob = await signIn('bob', 'sid-bob');
    const bobs = await sessionHandle(bob.sessionId);
    for (const id of [bobs, bob.sessionId, alice.sessionId, '', 'x'.repeat(65), undefined, 42]) {
      expect(await a.signOutSession(user('alice'), id as string)).toBe(false);
    }
    // A registry entry that names alice but leads to bob's session (a store written by someone
    // else): the session's own record decides, so bob's session is neither listed nor ended.
    await stores.accountRegistry.recordSignIn(
      { issuer: idp.issuer, subject: 'alice', accountKey: alice.accountKey, sessionId: bob.sessionId },
      3600,
    );
    expect((await a.sessionsOf(user('alice'))).map((s) => s.id)).toEqual([await sessionHandle(alice.sessionId)]);
    expect(await a.signOutSession(user('alice'), bobs)).toBe(false);
    expect((await bob.context()).isAuthenticated).toBe(true);
  });

  it('refuses what cannot name a user of this provider, naming the method', async () => {
    const { a, idp } = await world();
    await expect(a.sessionsOf({ issuer: idp.issuer } as never)).rejects.toMatchObject({
      code: 'invalid_argument',
      option: 'user',
      message: expect.stringContaining('sessionsOf({ issuer, subject })'),
    });
    await expect(a.signOutSession({ issuer: 'https://other.example', subject: 'a' }, 'x')).rejects.toMatchObject({
      code: 'invalid_argument',
      option: 'issuer',
      message: expect.stringContaining('signOutSession()'),
    });
  });
});

describe('auth.sessions() and auth.signOutSession()', () => {
  it('marks the current session and ends another on the CSRF proof only', async () => {
    const { b, clock, signIn } = await world();
    const laptop = await signIn('alice', 'sid-laptop');
    clock.advance(1_000);
    const phone = await signIn('alice', 'sid-phone');
    const auth = await laptop.context();
    const listed = await auth.sessions();
    expect(listed.map((s) => s.current)).toEqual([false, true]);
    const other = listed[0]!.id;
    for (const proof of ['', 'nope', (await phone.context()).csrfToken, undefined]) {
      await expect(auth.signOutSession(other, proof as string)).rejects.toMatchObject({
        code: 'csrf_failed',
        status: 403,
      });
    }
    expect((await phone.context()).isAuthenticated).toBe(true);
    expect(await auth.signOutSession(other, auth.csrfToken)).toBe(true);
    expect((await phone.context()).isAuthenticated).toBe(false);
    expect(await b.sessionsOf({ issuer: auth.user.issuer, subject: 'alice' })).toHaveLength(1);
  });

  it('rejects for a request without a session', async () => {
    const { a } = await world();
    const anonymous = await a.http.context(request('GET', '/'));
    await expect(anonymous.sessions()).rejects.toMatchObject({ code: 'not_authenticated' });
    await expect(anonymous.signOutSession('x', 'y')).rejects.toMatchObject({ code: 'not_authenticated' });
  });
});

describe('without session.list', () => {
  it('lists and ends nothing, serves no /sign-out-session, and records no device at sign-in', async () => {
    const { a, b, another, clock, signIn, user } = await world({}, false);
    const { sessionId, context } = await signIn('alice', 'sid-laptop', FIREFOX_ON_LINUX);
    const off = { code: 'invalid_argument', option: 'session.list', message: expect.stringContaining('sessionList') };
    await expect(b.sessionsOf(user('alice'))).rejects.toMatchObject(off);
    await expect(b.signOutSession(user('alice'), await sessionHandle(sessionId))).rejects.toMatchObject(off);
    const auth = await context();
    await expect(auth.sessions()).rejects.toMatchObject(off);
    await expect(auth.signOutSession(await sessionHandle(sessionId), auth.csrfToken)).rejects.toMatchObject(off);
    expect(a.http.handle(request('POST', '/auth/sign-out-session'))).toBeNull(); // the app's own route, if it has one
    // An instance with the list, on the same stores, lists the session: no device was recorded.
    const listing = another({ session: { list: sessionList } });
    expect(await listing.sessionsOf(user('alice'))).toEqual([
      { id: await sessionHandle(sessionId), createdAt: clock.now(), expiresAt: expect.any(Number), current: false },
    ]);
  });
});
