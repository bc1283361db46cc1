// `pnpm demo:idp` as a newcomer runs it: the CLI in a child process, started as the root script
// starts it (node --import tsx, TSX_TSCONFIG_PATH), on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SECRET = 'a-client-secret-of-at-least-32-characters';
const REDIRECT_URI = 'http://localhost:5173/auth/callback';

interface Cli {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

const running: ChildProcess[] = [];

function startCli(args: readonly string[]): Cli {
  // Only what the CLI needs: no DEMO_IDP_* variable of the machine running the tests.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('DEMO_IDP_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...env, TSX_TSCONFIG_PATH: '../tsconfig.run.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(cli: Cli, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = cli.output().match(pattern);
    if (match !== null) return match;
    if (cli.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} in the CLI's output:\n${cli.output()}`);
}

/** The cookies a response sets, as a `Cookie` header (the interaction is tied to them). */
function cookies(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

afterEach(() => {
  // Whatever happened in the test, no CLI outlives it.
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

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
});
