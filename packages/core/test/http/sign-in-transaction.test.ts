import { describe, expect, it } from 'vitest';
import { DI_KEYS } from '../../src/config/di-keys.js';
import { type NamedProvider, Providers } from '../../src/config/providers.js';
import type { Settings } from '../../src/config/settings.js';
import type { RecordCipher } from '../../src/crypto/record-cipher.js';
import type { Transaction } from '../../src/domain/session.js';
import { SIGN_IN_SLOTS, SignInCookies } from '../../src/http/sign-in-cookies.js';
import type { CookieToSet, HttpRequest } from '../../src/http/types.js';
import { setup } from '../support/helpers.js';

// The stateless sign-in transaction: sealed into one of a few cookie slots of the browser that
// started the sign-in, found again only through the callback's `state`.

type ResponseMode = 'query' | 'form_post';

function fixture(responseMode: ResponseMode = 'query', others: Record<string, ResponseMode> = {}) {
  const t = setup();
  const settings = t.container.resolve<Settings>(DI_KEYS.Settings);
  const cipher = t.container.resolve<RecordCipher>(DI_KEYS.TransactionCipher);
  const jar = new Map<string, string>();
  const req: HttpRequest = {
    method: 'GET',
    url: new URL('http://localhost:3000/auth/callback'),
    header: () => undefined,
    cookie: (name) => jar.get(name),
    readText: async () => '',
  };
  const keep = (cookie: CookieToSet) => {
    if (cookie.options.maxAge === 0) jar.delete(cookie.name);
    else jar.set(cookie.name, cookie.value);
  };
  return {
    t,
    settings,
    cipher,
    jar,
    req,
    keep,
    cookies: new SignInCookies(settings, cipher, new Providers(providerList(responseMode, others))),
  };
}

/** One provider (no name), or several: `main` first, then `others` by name. */
function providerList(responseMode: ResponseMode, others: Record<string, ResponseMode>): NamedProvider[] {
  const named = Object.entries(others);
  const provider = (name: string | undefined, mode: ResponseMode): NamedProvider => ({
    name,
    idp: { responseMode: mode } as never,
    redirectUri: '',
  });
  if (named.length === 0) return [provider(undefined, responseMode)];
  return [provider('main', responseMode), ...named.map(([name, mode]) => provider(name, mode))];
}

function transaction(slot: number, createdAt: number, returnTo = '/'): Transaction {
  return {
    state: `${slot}state`,
    nonce: 'nonce',
    codeVerifier: 'verifier',
    returnTo,
    scopes: ['openid'],
    createdAt,
    expiresAt: createdAt + 600_000,
  };
}

describe('sign-in transaction cookies', () => {
  it('fills free slots first, then replaces the oldest transaction', async () => {
    const { cookies, req, keep } = fixture();
    expect(SIGN_IN_SLOTS).toBe(4);
    const createdAt = [500, 100, 300, 200];
    for (let i = 0; i < SIGN_IN_SLOTS; i++) {
      expect(await cookies.slotFor(req)).toBe(i);
      keep(await cookies.write(i, transaction(i, createdAt[i]!)));
    }
    expect(await cookies.slotFor(req)).toBe(1);
  });

  it('replaces the lowest slot among transactions started in the same millisecond', async () => {
    const { cookies, req, keep } = fixture();
    for (const slot of [0, 1, 2, 3]) keep(await cookies.write(slot, transaction(slot, slot === 0 ? 200 : 100)));
    expect(await cookies.slotFor(req)).toBe(1);
  });

  it('finds the transaction only through its own slot digit, and clears that slot', async () => {
    const { cookies, req, keep, settings } = fixture();
    keep(await cookies.write(2, transaction(2, 1)));
    const found = await cookies.take(req, '2state');
    expect(found.transaction).toEqual(transaction(2, 1));
    expect(found.clear).toEqual([
      { name: `${settings.cookies.signIn}.2`, value: '', options: expect.objectContaining({ maxAge: 0 }) },
    ]);
    expect((await cookies.take(req, '1state')).transaction).toBeNull();
  });

  it('opens nothing for a state that names no slot, and clears every sign-in the browser sent (a refused callback)', async () => {
    const { cookies, req, keep, settings } = fixture();
    for (let i = 0; i < SIGN_IN_SLOTS - 1; i++) keep(await cookies.write(i, transaction(i, 1)));
    const sent = [0, 1, 2].map((i) => `${settings.cookies.signIn}.${i}`);
    for (const state of [null, '', ' 0state', 'x-state', '4state', '9state', '-1state', '.5state']) {
      const { transaction: opened, clear } = await cookies.take(req, state);
      expect(opened, String(state)).toBeNull();
      expect(
        clear.map((c) => [c.name, c.options.maxAge]),
        String(state),
      ).toEqual(sent.map((name) => [name, 0]));
    }
  });

  it('clears the slot a state names even when it holds no transaction, and no other', async () => {
    const { cookies, req, keep, settings } = fixture();
    keep(await cookies.write(0, transaction(0, 1)));
    const { transaction: opened, clear } = await cookies.take(req, '3state');
    expect(opened).toBeNull();
    expect(clear.map((c) => c.name)).toEqual([`${settings.cookies.signIn}.3`]);
  });

  it('clears only its own slot for a state that names a transaction', async () => {
    const { cookies, req, keep, settings } = fixture();
    for (let i = 0; i < SIGN_IN_SLOTS; i++) keep(await cookies.write(i, transaction(i, 1)));
    const { transaction: opened, clear } = await cookies.take(req, '2state');
    expect(opened).not.toBeNull();
    expect(clear.map((c) => c.name)).toEqual([`${settings.cookies.signIn}.2`]);
  });

  it('never opens a transaction moved into another slot', async () => {
    const { cookies, req, jar, keep, settings } = fixture();
    keep(await cookies.write(0, transaction(0, 1)));
    jar.set(`${settings.cookies.signIn}.1`, jar.get(`${settings.cookies.signIn}.0`)!);
    expect((await cookies.take(req, '1state')).transaction).toBeNull();
  });

  it('writes an HttpOnly cookie for the sign-in lifetime, SameSite=None only for form_post', async () => {
    const query = fixture('query');
    const lax = await query.cookies.write(0, transaction(0, 1));
    query.keep(lax);
    expect(lax.options).toMatchObject({ httpOnly: true, sameSite: 'Lax', maxAge: query.settings.signInTtlSeconds });
    expect((await query.cookies.take(query.req, '0state')).clear[0]!.options.sameSite).toBe('Lax');
    const post = fixture('form_post');
    const none = await post.cookies.write(0, transaction(0, 1));
    post.keep(none);
    expect(none.options).toMatchObject({ sameSite: 'None', secure: true });
    expect((await post.cookies.take(post.req, '0state')).clear[0]!.options.sameSite).toBe('None');
    // A cookie no transaction can be read from (garbled, or no state names it) is cleared as its provider would set it.
    for (const { jar, settings } of [query, post]) jar.set(`${settings.cookies.signIn}.2`, 'garbled');
    expect((await query.cookies.take(query.req, null)).clear.map((c) => c.options.sameSite)).toEqual(['Lax', 'Lax']);
    expect((await post.cookies.take(post.req, null)).clear.map((c) => c.options.sameSite)).toEqual(['None', 'None']);
  });

  it("among several providers, makes a sign-in's cookie SameSite=None only when its provider answers with form_post", async () => {
    const { cookies, req, keep } = fixture('query', { entra: 'form_post' });
    const atMain = await cookies.write(0, { ...transaction(0, 1), provider: 'main' });
    expect(atMain.options.sameSite).toBe('Lax');
    const atEntra = await cookies.write(1, { ...transaction(1, 1), provider: 'entra' });
    expect(atEntra.options).toMatchObject({ sameSite: 'None', secure: true });
    // A transaction naming no provider of the app's (never written so) gets the cookie that works for any of them.
    expect((await cookies.write(2, { ...transaction(2, 1), provider: 'gone' })).options.sameSite).toBe('None');
    // Each is cleared as it was written; a cookie no transaction was read from, as a form_post one.
    keep(atMain);
    keep(atEntra);
    expect((await cookies.take(req, '0state')).clear[0]!.options.sameSite).toBe('Lax');
    expect((await cookies.take(req, '1state')).clear[0]!.options.sameSite).toBe('None');
    expect((await cookies.take(req, '3state')).clear[0]!.options.sameSite).toBe('None');
  });

  it('refuses a transaction whose sealed cookie would pass 3,800 characters', async () => {
    const { cookies, cipher, settings } = fixture();
    const name = `${settings.cookies.signIn}.0`;
    // Find the longest returnTo whose sealed transaction still fits (the length is deterministic).
    let length = 2000;
    while ((await cipher.seal(name, JSON.stringify(transaction(0, 1, `/${'a'.repeat(length + 1)}`)))).length <= 3800) {
      length++;
    }
    const fits = transaction(0, 1, `/${'a'.repeat(length)}`);
    const sealed = await cookies.write(0, fits);
    expect(sealed.value.length).toBeGreaterThan(3797);
    expect(sealed.value.length).toBeLessThanOrEqual(3800);
    await expect(cookies.write(0, transaction(0, 1, `/${'a'.repeat(length + 1)}`))).rejects.toMatchObject({
      code: 'invalid_request',
      status: 400,
      message: 'the sign-in request is too large (returnTo, scope and claims)',
    });
  });
});
