// docs/shared-signals.md, "Try it with the demo", run as written against `pnpm demo:idp`: its code
// block (the demo's addresses swapped for this run's ports) makes the app, a sign-in goes through
// the demo, and the demo's /ssf/send page signs the user out of it.
import { readFileSync } from 'node:fs';
import { createIdentityWeb, type IdentityWeb, silentLogger } from '@identity-web/core';
import { createOidcProvider, sharedSignalsTransmitter } from '@identity-web/oidc';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '../src/usage.js';
import { Browser } from './support/browser.js';
import { CLI_START_MS, type Cli, startCli, stopAll, waitFor } from './support/cli-process.js';
import { type OwnApp, startOwnApp } from './support/own-app.js';

const DOC = new URL('../../../docs/shared-signals.md', import.meta.url);

/** The section's TypeScript block, as the doc shows it. */
function docBlock(): string {
  const section = readFileSync(DOC, 'utf8').split('\n## Try it with the demo\n')[1]?.split('\n## ')[0];
  const block = section === undefined ? undefined : /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined)
    throw new Error('docs/shared-signals.md has no TypeScript block under "Try it with the demo"');
  return block;
}

/** Runs the block with this run's IdP and app addresses, and returns the `identity` it exports. */
function runDocBlock(issuer: string, appUrl: string): IdentityWeb {
  const source = docBlock()
    .replaceAll('http://127.0.0.1:4000', issuer)
    .replaceAll('http://localhost:3000', appUrl)
    .replace(/^import .*$/gm, '')
    .replace('export const identity', 'const identity');
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  const run = new Function(
    'createIdentityWeb',
    'createOidcProvider',
    'sharedSignalsTransmitter',
    'process',
    `${js}\nreturn identity;`,
  );
  const quiet: typeof createIdentityWeb = (options) => createIdentityWeb({ ...options, logger: silentLogger });
  const env = { env: { IDENTITY_WEB_SECRET: 'a-secret-for-this-test-only-0123456789' } };
  return run(quiet, createOidcProvider, sharedSignalsTransmitter, env) as IdentityWeb;
}

describe('docs/shared-signals.md, "Try it with the demo", against pnpm demo:idp', () => {
  let app: OwnApp;
  let cli: Cli;
  let issuer: string;
  beforeAll(async () => {
    app = await startOwnApp();
    const { clientId, clientSecret } = DEFAULT_CLIENT;
    cli = startCli(['--port', '0', '--client', `${clientId}:${clientSecret}@${app.url}`]);
    issuer = (await waitFor(cli, /Issuer: (http:\/\/127\.0\.0\.1:\d+)/, CLI_START_MS))[1]!;
    await waitFor(cli, /Press Ctrl-C to stop\./, CLI_START_MS);
  }, CLI_START_MS + 10_000);
  afterAll(async () => {
    await app?.close();
    await stopAll();
  });

  it('the banner names the transmitter the doc configures, and its page signs alice out of the app', async () => {
    expect(cli.output()).toContain(`transmitter issuer ${issuer}/ssf`);
    expect(cli.output()).toContain(`${issuer}/ssf/send`);
    app.serve(runDocBlock(issuer, app.url));
    const alice = new Browser('alice');
    const signedIn = await alice.navigate(`${app.url}/auth/sign-in?returnTo=%2Fme`);
    expect(signedIn.url.href).toBe(`${app.url}/me`);
    expect(await signedIn.response?.json()).toMatchObject({ issuer, subject: 'alice' });
    const sent = await fetch(`${issuer}/ssf/send`, {
      method: 'POST',
      body: new URLSearchParams({ user: 'alice', event: 'session revoked (CAEP)' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(await sent.text()).toMatch(/class="answer">202</);
    // A form posted from another site's page is refused: only the page's own, or a script, sends.
    const crossSite = await fetch(`${issuer}/ssf/send`, {
      method: 'POST',
      headers: { origin: 'https://elsewhere.example' },
      body: new URLSearchParams({ user: 'alice', event: 'session revoked (CAEP)' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(crossSite.status).toBe(403);
    const after = await alice.navigate(`${app.url}/me`);
    expect(after.response?.status).toBe(404); // the app's answer to a request no one is signed in to
  });
});
