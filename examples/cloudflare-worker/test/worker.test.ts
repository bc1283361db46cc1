// The Worker example in workerd (Miniflare), with the values of .dev.vars.example, against the
// demo IdP (oidc-provider) on 127.0.0.1: the local development setup the README describes, driven
// like a browser over real HTTP. Two isolates share the Durable Object, as a deployment's do.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DemoIdp, startDemoIdp } from '@identity-web-examples/demo-idp';
import { Browser, freePort } from '@identity-web-examples/example-support';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleWorker, foreignImportsOf } from '../../../packages/store-cloudflare/test/workerd/bundle.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** .dev.vars.example as wrangler reads a .dev.vars file: NAME=value lines, # comments. */
function devVars(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(here('../.dev.vars.example'), 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) vars[match[1]] = match[2];
  }
  return vars;
}

let idp: DemoIdp;
let isolates: Miniflare[] = [];
let appUrls: string[] = [];

beforeAll(async () => {
  const vars = devVars();
  const ports = [await freePort(), await freePort()];
  appUrls = ports.map((port) => `http://localhost:${port}`);
  idp = await startDemoIdp({
    clients: [
      {
        clientId: vars.OIDC_CLIENT_ID ?? '',
        clientSecret: vars.OIDC_CLIENT_SECRET ?? '',
        baseUrl: appUrls[0] ?? '',
        moreBaseUrls: appUrls.slice(1),
      },
    ],
  });
  const { code, metafile } = await bundleWorker(here('../src/worker.ts'));
  expect(foreignImportsOf(metafile)).toEqual([]);
  // The second isolate runs the bundle the README's smaller build makes (the `module` condition:
  // tslib's ES module build), so a sign-in is shown to work with it too.
  const withModule = await bundleWorker(here('../src/worker.ts'), { conditions: ['module'] });
  expect(foreignImportsOf(withModule.metafile)).toEqual([]);
  const scripts = [code, withModule.code];
  // Two workerd processes sharing one Durable Object store on disk would not be one object; so
  // one Miniflare per port, each with its own objects, and the isolate test below stays in one.
  isolates = ports.map(
    (port, i) =>
      new Miniflare({
        host: '127.0.0.1',
        port,
        modules: true,
        script: scripts[i] ?? code,
        compatibilityDate: '2026-04-01',
        bindings: {
          ...vars,
          APP_URL: appUrls[i] ?? '',
          OIDC_ISSUER: idp.issuer,
          SHARED_SIGNALS_ISSUER: `${idp.issuer}/ssf`,
        },
        durableObjects: { IDENTITY_WEB_STATE: { className: 'IdentityWebDurableObject', useSQLite: true } },
      }),
  );
  await Promise.all(isolates.map((mf) => mf.ready));
});

afterAll(async () => {
  await Promise.all(isolates.map((mf) => mf.dispose()));
  await idp?.close();
});

describe('the Worker example, in local development against the demo IdP', () => {
  it('signs in, shows the user, and signs out at the provider', async () => {
    const app = appUrls[0] ?? '';
    const browser = new Browser('alice');
    const me = await browser.navigate(`${app}/me`);
    expect(me.url.href).toBe(`${app}/me`);
    expect(browser.prompts).toEqual(['login', 'consent']);
    const body = JSON.parse(me.html) as { user: { subject: string; issuer: string } };
    expect(body.user).toMatchObject({ subject: 'alice', issuer: idp.issuer });

    const home = await browser.navigate(`${app}/`);
    expect(home.html).toContain('Hello');
    const csrf = /name="csrf" value="([^"]+)"/.exec(home.html)?.[1] ?? '';
    const revoked = idp.refreshGrants.revoked;
    const signOut = await browser.request(new URL(`${app}/auth/sign-out`), {
      form: new URLSearchParams({ csrf }),
    });
    expect(signOut.status).toBe(303);
    expect(new URL(signOut.headers.get('location') ?? '').origin).toBe(idp.issuer);
    // The grant ended at the provider too: revoked after the answer, kept alive by waitUntil.
    await vi.waitFor(() => expect(idp.refreshGrants.revoked).toBe(revoked + 1), { timeout: 5_000 });
    // The session ended in its Durable Object: the app asks for sign-in again.
    const after = await browser.request(new URL(`${app}/me`), { accept: 'application/json' });
    expect(after.status).toBe(401);
  });

  it("signs a user out when the provider's Shared Signals transmitter pushes a session-revoked", async () => {
    const app = appUrls[0] ?? '';
    const browser = new Browser('carol');
    const me = await browser.navigate(`${app}/me`);
    expect(JSON.parse(me.html)).toMatchObject({ user: { subject: 'carol' } });
    // The demo IdP's page pushes the event to the registered app: verified, acted on in the Durable Object.
    const sent = await browser.request(new URL(`${idp.issuer}/ssf/send`), {
      form: new URLSearchParams({ user: 'carol', event: 'session revoked (CAEP)' }),
    });
    expect(await sent.text()).toContain('class="answer">202<');
    const after = await browser.request(new URL(`${app}/me`), { accept: 'application/json' });
    expect(after.status).toBe(401);
  });

  it('keeps the session memo off on its own (isolates cannot be told of a sign-out), built with the module condition too', async () => {
    // createIdentityWeb would refuse `session: { memo: true }` with these stores; the example
    // sets nothing, and the stores' own flag is what turned it off.
    const worker = readFileSync(here('../src/worker.ts'), 'utf8');
    expect(worker).not.toContain('memo');
    const app = appUrls[1] ?? '';
    const page = await new Browser('bob').navigate(`${app}/me`);
    expect(JSON.parse(page.html)).toMatchObject({ user: { subject: 'bob' } });
  });
});

describe('the one Worker example', () => {
  it.each(['packages/adapter-hono/README.md', 'packages/store-cloudflare/README.md'])(
    'is what %s shows, word for word',
    (readme) => {
      const shown = readFileSync(here(`../../../${readme}`), 'utf8');
      const source = readFileSync(here('../src/worker.ts'), 'utf8');
      expect(shown).toContain(`\`\`\`ts\n${source}\`\`\``);
    },
  );
});
