import { SCENARIO_BASE_URL } from '@identity-web/core/testing';
import type { IdentityWebEnv } from '@identity-web/hono';
import type { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { baseApp, closeWorld, scenarioWorld } from './hono-world.js';
import { requestOf } from './scenario-app.js';

// On Node, @hono/node-server hands Node's own request over as `c.env.incoming`; the session
// cookie is read from it (Hono's `c.req.header()` would first build a Fetch `Headers` of the
// whole request). Elsewhere the Fetch request is the only source.

/** What @hono/node-server passes as `c.env.incoming`, as far as the adapter reads it. */
function nodeRequest(cookie: string | undefined) {
  const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
  return { rawHeaders: Object.entries(headers).flat(), headers };
}

async function signedInWorld() {
  let app: Hono<IdentityWebEnv> | undefined;
  const world = await scenarioWorld(async (identity) => {
    app = baseApp(identity);
    return { fetch: requestOf(app) };
  });
  const { browser } = await world.signIn('alice');
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return { app: app!, cookie };
}

async function userOf(app: Hono<IdentityWebEnv>, headers: Record<string, string>, env?: unknown) {
  const response = await app.request(`${SCENARIO_BASE_URL}/public`, { headers }, env);
  expect(response.status).toBe(200);
  return ((await response.json()) as { user: { subject: string } | null }).user?.subject ?? null;
}

describe('the session cookie on Node (@hono/node-server)', () => {
  afterEach(closeWorld);

  it("is read from Node's request when the server hands it over", async () => {
    const { app, cookie } = await signedInWorld();
    // The Fetch request carries no cookie: only Node's request can sign the user in.
    expect(await userOf(app, {}, { incoming: nodeRequest(cookie) })).toBe('alice');
    // And Node's request is the whole truth: no cookie there is no session, whatever else says.
    expect(await userOf(app, { cookie }, { incoming: nodeRequest(undefined) })).toBeNull();
  });

  it('comes from the Fetch request on other runtimes, or when env.incoming is not a Node request', async () => {
    const { app, cookie } = await signedInWorld();
    expect(await userOf(app, { cookie })).toBe('alice');
    expect(await userOf(app, { cookie }, {})).toBe('alice');
    // A Workers binding that happens to be called `incoming` (a string, a KV namespace) is not Node's request.
    expect(await userOf(app, { cookie }, { incoming: 'a binding' })).toBe('alice');
    expect(await userOf(app, { cookie }, { incoming: { headers: { cookie: 'iw.session.3000=forged' } } })).toBe(
      'alice',
    );
    expect(await userOf(app, { cookie }, { incoming: null })).toBe('alice');
  });
});
