import { Writable } from 'node:stream';
import { FakeIdentityProvider, locationOf, ManualClock, TestBrowser } from '@identity-web/core/testing';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { accountLogId } from '../../src/observability/event-log.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { webApp } from '../support/web-app.js';

const SECRET = 'a-secret-that-must-never-be-logged-0000';

describe('logging', () => {
  it('takes pino as it is: fields first, every line structured, at info and debug', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const clock = new ManualClock();
    const idp = new FakeIdentityProvider(clock);
    const tokenCacheStore = new MemoryTokenCacheStore(clock);
    const identity = createIdentityWeb({
      identityProvider: idp,
      baseUrl: 'http://localhost:3000',
      secret: SECRET,
      clock,
      scopes: ['openid', 'offline_access', 'api://downstream/read'],
      logger: pino({ level: 'debug' }, sink),
      stores: { tokenCacheStore },
    });
    const browser = new TestBrowser((await webApp(identity)).fetch);
    const start = await browser.fetch('/auth/sign-in?returnTo=/me');
    const params = idp.login(locationOf(start), 'alice', 'sid-alice');
    await browser.fetch(`/auth/callback?${params}`);
    const cookie = browser.cookies.get('iw.session.3000')!;
    const partition = (await tokenCacheStore.getPartition(
      (
        await identity.http.context(requestWith(cookie))
      ).user!.key,
    ))!;
    const api = (await (await browser.fetch('/call-api', { accept: 'json' })).json()) as { accessToken: string };
    const me = (await (await browser.fetch('/public', { accept: 'json' })).json()) as {
      user: { key: string };
      csrfToken: string;
    };
    // A refresh, then the refused replay of a logout token, then a back-channel logout.
    await identity.acquireToken(
      { key: me.user.key, issuer: idp.issuer, subject: 'alice' },
      {
        scopes: ['api://downstream/read'],
        forceRefresh: true,
      },
    );
    const logoutToken = await idp.logoutToken({ sid: 'sid-alice' });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    await browser.fetch('/auth/back-channel-logout', {
      method: 'POST',
      headers: form,
      body: `logout_token=${logoutToken}`,
    });
    await browser.fetch('/auth/back-channel-logout', {
      method: 'POST',
      headers: form,
      body: `logout_token=${logoutToken}`,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const account = await accountLogId(me.user.key);
    const events = lines.filter((l) => typeof l.event === 'string').map((l) => [l.level, l.event]);
    expect(events).toEqual(
      expect.arrayContaining([
        [30, 'signed_in'],
        [30, 'token_refresh'],
        [30, 'account_removed'],
        [30, 'session_ended'],
      ]),
    );
    expect(lines.find((l) => l.event === 'account_removed')).toMatchObject({ reason: 'back-channel', account });
    // The replay is refused and heard at warn, with the channel, the reason and the issuer.
    expect(lines.filter((l) => l.event === 'logout_refused')).toEqual([
      expect.objectContaining({
        level: 40,
        channel: 'back-channel',
        reason: 'logout_token_replayed',
        issuer: idp.issuer,
        msg: 'identity-web: back-channel logout refused',
        detail: 'logout token was already used',
      }),
    ]);
    expect(lines.some((l) => l.level === 20 && l.operation === 'redeem-code')).toBe(false);
    // Nothing secret in any line: tokens, the code, the session cookie, the CSRF token, the app secret, the account key.
    const text = JSON.stringify(lines);
    for (const secret of [
      api.accessToken,
      params.get('code')!,
      cookie,
      cookie.split('.')[0]!,
      me.csrfToken,
      SECRET,
      me.user.key,
      logoutToken,
      partition.value,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

function requestWith(cookie: string) {
  return {
    method: 'GET',
    url: new URL('http://localhost:3000/'),
    header: () => undefined,
    cookie: (name: string) => (name === 'iw.session.3000' ? cookie : undefined),
    readText: async () => '',
  };
}
