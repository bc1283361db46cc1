/// <reference types="node" />
import { prometheusMetrics } from '@identity-web/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningOp, startOidcProvider } from './support/oidc-provider-server.js';
import { refreshAtProvider, type WebApp, webAppOn } from './support/web-app.js';

// A sign-out that ends the grant at the provider (RFC 7009, `revokeOnRemove`), against a real
// oidc-provider v9: after the app's sign-out the refresh token no longer works there, and a
// revocation endpoint that fails or never answers never holds the sign-out up.

/** What the provider's revocation endpoint does: its own work, a 500, or no answer at all. */
let revocation: 'ok' | 'fail' | 'hang' = 'ok';
let op: RunningOp;
beforeAll(async () => {
  op = await startOidcProvider({
    configure: (provider) =>
      provider.use(async (ctx, next) => {
        if (ctx.path !== '/token/revocation' || revocation === 'ok') return next();
        if (revocation === 'fail') {
          ctx.status = 500;
          ctx.body = { error: 'server_error' };
          return;
        }
        // Holds the answer back until the client gives up and closes the connection.
        await new Promise<void>((resolve) => ctx.req.once('close', resolve));
      }),
  });
});
afterAll(async () => {
  await op?.close();
});
beforeEach(() => {
  revocation = 'ok';
});

/** How long the app takes to answer the sign-out post, in ms; the answer must be the redirect to the provider. */
async function timedSignOut(browser: ReturnType<WebApp['browser']>): Promise<number> {
  const started = performance.now();
  const answer = await browser.signOut();
  const elapsed = performance.now() - started;
  expect(answer.status).toBe(303);
  expect(answer.headers.location?.startsWith(`${op.issuer}/`)).toBe(true);
  return elapsed;
}

describe('sign-out with revokeOnRemove against oidc-provider', () => {
  it('ends the grant at the provider: the refresh token then fails with invalid_grant', async () => {
    const app = webAppOn(op);
    const browser = app.browser();
    await browser.signIn('alice');
    expect((await browser.auth()).isAuthenticated).toBe(true);
    await timedSignOut(browser);
    expect((await browser.auth()).isAuthenticated).toBe(false);
    await app.identity.settled();
    expect(await refreshAtProvider(op, app.refreshTokens[0] ?? '')).toBe('invalid_grant');
    expect(app.warnings).toEqual([]);
    app.identity.close();
  });

  it('leaves the grant alone with revokeOnRemove: false (the refresh token still works)', async () => {
    const app = webAppOn(op, { revokeOnRemove: false });
    const browser = app.browser();
    await browser.signIn('bob');
    await timedSignOut(browser);
    await app.identity.settled();
    expect(await refreshAtProvider(op, app.refreshTokens[0] ?? '')).toBeNull();
    app.identity.close();
  });

  it('signs out at once when the revocation endpoint answers 500, and logs and counts the failure', async () => {
    const app = webAppOn(op);
    const metrics = prometheusMetrics(app.identity);
    const browser = app.browser();
    await browser.signIn('carol');
    revocation = 'fail';
    await timedSignOut(browser);
    expect((await browser.auth()).isAuthenticated).toBe(false);
    await app.identity.settled();
    expect(app.warnings).toContainEqual({
      message: 'identity-web: refresh token revocation failed',
      fields: { code: 'idp_unavailable' },
    });
    expect(await metrics()).toContain('identity_web_idp_errors_total{operation="revoke"} 1');
    app.identity.close();
  });

  it('signs out at once while the revocation endpoint never answers; the revocation ends on the HTTP time limit', async () => {
    const timeoutMs = 1_500;
    const app = webAppOn(op, {}, timeoutMs);
    const metrics = prometheusMetrics(app.identity);
    const browser = app.browser();
    await browser.signIn('dave');
    revocation = 'hang';
    const signOutMs = await timedSignOut(browser);
    const hanging = performance.now();
    expect(signOutMs).toBeLessThan(timeoutMs / 3);
    expect((await browser.auth()).isAuthenticated).toBe(false);
    // The revocation is still out there, and settled() waits for it to hit the time limit.
    await app.identity.settled();
    expect(performance.now() - hanging).toBeGreaterThan(timeoutMs - signOutMs - 200);
    expect(app.warnings.map((w) => w.message)).toContain('identity-web: refresh token revocation failed');
    expect(await metrics()).toContain('identity_web_idp_errors_total{operation="revoke"} 1');
    app.identity.close();
  });
});
