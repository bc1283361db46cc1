// `pnpm demo:idp` as a newcomer runs it: the CLI in a child process, started as the root script
// starts it (node --import tsx, TSX_TSCONFIG_PATH), on a free port.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli, stopAll, waitFor, within } from './support/cli-process.js';

const SECRET = 'a-client-secret-of-at-least-32-characters';
const REDIRECT_URI = 'http://localhost:5173/auth/callback';

/** The cookies a response sets, as a `Cookie` header (the interaction is tied to them). */
function cookies(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

// Whatever happened in the test, no CLI outlives it.
afterEach(stopAll);

describe('pnpm demo:idp', () => {
  it('starts on the port given, prints the issuer and a client that signs in, and stops on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--client', `shop:${SECRET}@http://localhost:5173`]);
    const [, issuer = ''] = await waitFor(
      cli,
      /Issuer: (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*Press Ctrl-C to stop\./,
      20_000,
    );
    expect(cli.output()).toContain(`  redirect URI              ${REDIRECT_URI}\n`);
    expect(cli.output()).toContain(`      clientSecret: '${SECRET}',\n`);

    const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(metadata).toMatchObject({ issuer, authorization_endpoint: `${issuer}/auth` });

    // The client's redirect URI is registered: the IdP sends the browser to its login page.
    const verifier = 'a-pkce-code-verifier-of-at-least-43-characters-long';
    const authorize = new URL(metadata.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: 'shop',
      response_type: 'code',
      scope: 'openid profile',
      redirect_uri: REDIRECT_URI,
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const login = await fetch(authorize, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    expect(login.status).toBe(303);
    const interaction = new URL(login.headers.get('location') ?? '', issuer);
    expect(interaction.origin).toBe(issuer);
    expect(interaction.pathname).toMatch(/^\/interaction\/[\w-]+$/);
    const page = await fetch(interaction, { headers: { cookie: cookies(login) }, signal: AbortSignal.timeout(5_000) });
    expect(await page.text()).toContain('name="login"'); // the dev login form

    // The printed secret authenticates the client (a made-up code is then the only problem); another does not.
    const redeem = (secret: string) =>
      fetch(metadata.token_endpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`shop:${secret}`).toString('base64')}` },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'made-up',
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        }),
        signal: AbortSignal.timeout(5_000),
      });
    expect(await (await redeem(SECRET)).json()).toMatchObject({ error: 'invalid_grant' });
    expect(await (await redeem(`${SECRET}-not`)).json()).toMatchObject({ error: 'invalid_client' });

    cli.child.kill('SIGTERM');
    expect(await within(cli.exited, 5_000, 'stopping on SIGTERM')).toBe(0);
    expect(cli.output()).toContain('Stopping the demo IdP (SIGTERM)');
    await expect(fetch(issuer, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  }, 40_000);

  it('refuses a typo with a message naming the flag, and exits 2 without starting', async () => {
    const cli = startCli(['--prot', '4000']);
    expect(await within(cli.exited, 15_000, 'refusing --prot')).toBe(2);
    expect(cli.output()).toContain('unknown option --prot (did you mean --port?)');
    expect(cli.output()).toContain('--help');
    expect(cli.output()).not.toContain('oidc-provider'); // refused before the provider is even loaded
  }, 20_000);

  it('refuses --provider before any --client, naming the flag and the order to use', async () => {
    const cli = startCli(['--provider', 'alpha', '--client', 'shop']);
    expect(await within(cli.exited, 15_000, 'refusing --provider first')).toBe(2);
    expect(cli.output()).toContain(
      '  - --provider alpha comes before any --client: it names the IdP for the client before it, as in --client my-app@http://localhost:3000 --provider alpha\n',
    );
  }, 20_000);
});
