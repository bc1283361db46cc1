// `pnpm demo:idp` for one's own app, end to end: the CLI in a child process with two provider
// names, an identity-web app (Koa) configured from nothing but what the CLI printed, and a sign-in
// through each provider; then the same in FAPI 2.0 mode (PAR, DPoP, private_key_jwt).
import { createOidcProvider } from '@identity-web/oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './support/browser.js';
import { CLI_START_MS, type Cli, startCli, stopAll, waitFor } from './support/cli-process.js';
import { type Me, type OwnApp, startOwnApp } from './support/own-app.js';
import { printedApp } from './support/printed-app.js';

const PROVIDERS = ['alpha', 'beta'] as const;

/** The issuer the CLI printed for each provider name, from its headline. */
function printedIssuers(output: string): Record<string, string> {
  const lines = output.matchAll(/^ {2}(\S+) +issuer (http:\/\/127\.0\.0\.1:\d+) /gm);
  return Object.fromEntries([...lines].map(([, name = '', issuer = '']) => [name, issuer]));
}

/** Starts the CLI for an app at `app.url` with both provider names, and configures the app from its output. */
async function serveOwnApp(app: OwnApp, flags: readonly string[]): Promise<Cli> {
  const providers = PROVIDERS.flatMap((name) => ['--provider', name]);
  const cli = startCli(['--port', '0', ...flags, '--client', `shop@${app.url}`, ...providers]);
  await waitFor(cli, /Press Ctrl-C to stop\./, CLI_START_MS);
  app.configure(printedApp(cli.output(), 'shop', createOidcProvider));
  return cli;
}

/** Signs in as `login` through `provider`, from the app's sign-in route to its `/me`. */
async function signIn(app: OwnApp, provider: string, login: string): Promise<{ status: number; me: Me }> {
  const browser = new Browser(login);
  const { url, response } = await browser.navigate(`${app.url}/auth/sign-in?provider=${provider}&returnTo=%2Fme`);
  expect(url.href).toBe(`${app.url}/me`);
  return { status: response?.status ?? 0, me: (await response?.json()) as Me };
}

describe.each([
  ['with secrets', [], 'Bearer'],
  ['in FAPI 2.0 mode (--fapi)', ['--fapi'], 'DPoP'],
])('pnpm demo:idp --provider alpha --provider beta, %s', (_mode, flags: readonly string[], tokenType) => {
  const fapi = flags.includes('--fapi');
  let app: OwnApp;
  let cli: Cli;
  beforeAll(async () => {
    app = await startOwnApp();
    cli = await serveOwnApp(app, flags);
  }, CLI_START_MS + 10_000);
  afterAll(async () => {
    await stopAll();
    await app?.close();
  });

  it(`starts one IdP per provider name, each its own issuer${fapi ? ', requiring pushed requests' : ''}`, async () => {
    const issuers = printedIssuers(cli.output());
    expect(Object.keys(issuers)).toEqual([...PROVIDERS]);
    expect(new Set(Object.values(issuers)).size).toBe(2);
    for (const [name, issuer] of Object.entries(issuers)) {
      expect(cli.output()).toContain(`  redirect URI              ${app.url}/auth/callback/${name}`);
      const discovery = await fetch(`${issuer}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5_000),
      });
      const metadata = await discovery.json();
      expect(metadata.issuer).toBe(issuer);
      expect(metadata.require_pushed_authorization_requests === true).toBe(fapi);
    }
  });

  it.each(PROVIDERS)('signs the app in through %s', async (provider) => {
    const { status, me } = await signIn(app, provider, `${provider}-user`);
    expect(status).toBe(200);
    expect(me).toEqual({
      provider,
      issuer: printedIssuers(cli.output())[provider],
      subject: `${provider}-user`,
      tokenType,
    });
  });
});
