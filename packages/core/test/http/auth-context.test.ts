import { FakeIdentityProvider, locationOf, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { ErrorCode } from '../../src/domain/errors.js';
import type { AnonymousAuthContext, SignedInAuthContext } from '../../src/http/auth-context.js';
import { checkRequireAuthOptions } from '../../src/http/authorize.js';
import type { HttpRequest } from '../../src/http/types.js';
import { webApp } from '../support/web-app.js';

const BASE_URL = 'http://localhost:3000';

function requestWith(cookie: string | undefined): HttpRequest {
  return {
    method: 'GET',
    path: '/page',
    url: new URL(`${BASE_URL}/page`),
    header: () => undefined,
    cookie: (name) => (name === 'iw.session.3000' ? cookie : undefined),
    readText: async () => '',
  };
}

async function world() {
  const clock = new ManualClock();
  const idp = new FakeIdentityProvider(clock);
  const identity = createIdentityWeb({
    identityProvider: idp,
    baseUrl: BASE_URL,
    secret: 'a-test-secret-that-is-long-enough-0000',
    clock,
    scopes: ['openid', 'offline_access', 'api://downstream/read'],
  });
  const app = await webApp(identity);
  async function signIn(subject: string) {
    const browser = new TestBrowser(app.fetch);
    const start = await browser.fetch('/auth/sign-in?returnTo=/me');
    await browser.fetch(`/auth/callback?${idp.login(locationOf(start), subject, `sid-${subject}`)}`);
    return { browser, cookie: browser.cookies.get('iw.session.3000')! };
  }
  return { identity, idp, signIn };
}

describe('the auth context of a request', () => {
  it('is one frozen object per session, built once and never handed to another session', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const bob = await signIn('bob');
    const first = await identity.http.context(requestWith(alice.cookie));
    const again = await identity.http.context(requestWith(alice.cookie));
    const other = await identity.http.context(requestWith(bob.cookie));
    expect(again).toBe(first);
    expect(first.user?.subject).toBe('alice');
    expect(other.user?.subject).toBe('bob');
    expect(other).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.user)).toBe(true);
    // A request cannot leave anything on it for the next request of the session.
    expect(() => {
      (first as unknown as Record<string, unknown>).isAuthenticated = false;
    }).toThrow(TypeError);
    expect(() => {
      (first.user as unknown as Record<string, unknown>).name = 'mallory';
    }).toThrow(TypeError);
    expect((await first.acquireToken('api://downstream/read')).accessToken).toBeTruthy();
  });

  it('is what its type says: signed in with user, account and CSRF token, or anonymous with none', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const auth = await identity.http.context(requestWith(alice.cookie));
    const anonymous = await identity.http.context(requestWith(undefined));
    // `isAuthenticated` narrows the context: no `?.` or `!` once it is checked.
    if (!auth.isAuthenticated || anonymous.isAuthenticated) throw new Error('unexpected contexts');
    expectTypeOf(auth).toEqualTypeOf<SignedInAuthContext>();
    expectTypeOf(anonymous).toEqualTypeOf<AnonymousAuthContext>();
    expect(auth.user.subject).toBe('alice');
    expect(auth.account.subject).toBe('alice');
    expect(auth.csrfToken).toMatch(/^[\w-]{43}$/); // 32 random bytes, base64url
    expect(anonymous).toMatchObject({ user: null, account: null, csrfToken: null, grantedScopes: [] });
  });

  it('cannot be changed by app code, down to the claims and scopes requireAuth() checks', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const context = await identity.http.context(requestWith(alice.cookie));
    const claims = context.account!.claims as Record<string, unknown>;
    // Granting oneself a role or a scope for the next request of the session must fail.
    expect(() => {
      claims.roles = ['admin'];
    }).toThrow(TypeError);
    expect(() => (context.grantedScopes as string[]).push('api://admin')).toThrow(TypeError);
    expect(() => {
      (context.account as unknown as Record<string, unknown>).subject = 'bob';
    }).toThrow(TypeError);
    const again = await identity.http.context(requestWith(alice.cookie));
    expect(again.account?.claims?.roles).toBeUndefined();
    expect(again.grantedScopes).not.toContain('api://admin');
  });

  it('is the anonymous one once the session ended, though the same cookie comes back', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const before = await identity.http.context(requestWith(alice.cookie));
    expect(before.isAuthenticated).toBe(true);
    const csrf = before.csrfToken!;
    const signedOut = await alice.browser.fetch('/auth/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
      body: new URLSearchParams({ csrf }).toString(),
    });
    expect(signedOut.status).toBe(303);
    const after = await identity.http.context(requestWith(alice.cookie));
    expect(after.isAuthenticated).toBe(false);
    expect(after.user).toBeNull();
    await expect(after.acquireToken('api://downstream/read')).rejects.toMatchObject({
      code: ErrorCode.NotAuthenticated,
      status: 401,
    });
  });

  it('offers the challenge, not a 403, when a logout removed the account during the request', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const auth = await identity.http.context(requestWith(alice.cookie)); // the request's session, read first
    await identity.removeAccount(auth.account!.key); // then a logout removes the account
    // Seconds after the sign-in, yet no loop: signing in again stores new tokens.
    await expect(auth.acquireToken('api://downstream/read')).rejects.toMatchObject({
      code: ErrorCode.InteractionRequired,
      interaction: { reason: 'no_tokens_found' },
    });
  });

  it('is the anonymous one for a missing or tampered cookie', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const tampered = `${alice.cookie.slice(0, -2)}${alice.cookie.endsWith('AA') ? 'AB' : 'AA'}`;
    for (const cookie of [undefined, tampered]) {
      const context = await identity.http.context(requestWith(cookie));
      expect(context.isAuthenticated).toBe(false);
      expect(context.account).toBeNull();
      await expect(context.callApi('orders', '/x')).rejects.toMatchObject({ code: ErrorCode.NotAuthenticated });
    }
  });

  it('takes scopes as a string, a list or a request object; identity.acquireToken takes the object only', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const auth = await identity.http.context(requestWith(alice.cookie));
    const scope = 'api://downstream/read';
    const tokens = [
      await auth.acquireToken(scope),
      await auth.acquireToken([scope]),
      await auth.acquireToken({ scopes: scope }),
    ];
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    const account = auth.account!;
    expect((await identity.acquireToken(account, { scopes: [scope] })).accessToken).toBe(tokens[0]!.accessToken);
    for (const request of [scope, [scope], null, undefined, 42]) {
      await expect(identity.acquireToken(account, request as never)).rejects.toMatchObject({
        code: ErrorCode.InvalidArgument,
        option: 'request',
      });
    }
    // Bad input through the request's context is refused, never a token.
    for (const request of [null, undefined, 42, {}, [], ' ', [1]]) {
      await expect(auth.acquireToken(request as never)).rejects.toThrow();
    }
  });
});

describe('requireAuth() through http.authorize', () => {
  const guard = (options?: object) => checkRequireAuthOptions(options);

  it('lets a signed-in user through without options, and no one else', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const req = requestWith(alice.cookie);
    const auth = await identity.http.context(req);
    expect(await identity.http.authorize(req, auth, guard())).toBeNull();
    const anonymous = await identity.http.context(requestWith(undefined));
    expect(await identity.http.authorize(req, anonymous, guard())).toMatchObject({ status: 401 });
    // A context an app made up (the types refuse it), signed in but with no account, is no one signed in.
    const madeUp = { ...auth, account: null } as never;
    expect(await identity.http.authorize(req, madeUp, guard())).toMatchObject({ status: 401 });
  });

  it('keeps the options as they were checked: a list changed after changes nothing', async () => {
    const { identity, signIn } = await world();
    const alice = await signIn('alice');
    const req = requestWith(alice.cookie);
    const auth = await identity.http.context(req);
    const roles = ['admin'];
    const checked = guard({ roles });
    expect(await identity.http.authorize(req, auth, checked)).toMatchObject({ status: 403 });
    roles.length = 0; // emptied: it would ask for nothing if it were read again
    expect(await identity.http.authorize(req, auth, checked)).toMatchObject({ status: 403 });
  });
});
