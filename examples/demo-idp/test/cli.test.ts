// Reading `pnpm demo:idp`'s command line and environment: the clients, provider names, FAPI mode, and every refusal.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, DemoIdpArgsError, type DemoIdpCli, parseDemoIdpArgs, USAGE } from '../src/cli.js';
import { clientKeyPair } from '../src/client-key.js';
import { planIdps } from '../src/idp-plan.js';
import { resolveOptions } from '../src/options.js';

const SECRET = 'a-client-secret-of-at-least-32-characters';
const generated = () => 'generated-secret-generated-secret-0';
const KEY = clientKeyPair('shop');
const OTHER_KEY = clientKeyPair('other');

/** The files `--client-key` may name in these tests; any other is missing. */
const FILES: Readonly<Record<string, string>> = {
  'key.json': JSON.stringify(KEY),
  'not-json.txt': 'kty=EC',
  'rsa.json': JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB', d: 'y', kid: 'r' }),
  'mismatch.json': JSON.stringify({ ...KEY, x: OTHER_KEY.x, y: OTHER_KEY.y }),
};

function readFile(path: string): string {
  const text = FILES[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
}

function parse(argv: readonly string[], env: Record<string, string | undefined> = {}): DemoIdpCli {
  const result = parseDemoIdpArgs(argv, env, generated, readFile);
  if (result.help) throw new Error('expected options, got --help');
  return result;
}

function problems(argv: readonly string[], env: Record<string, string | undefined> = {}): readonly string[] {
  try {
    parseDemoIdpArgs(argv, env, generated, readFile);
  } catch (error) {
    if (error instanceof DemoIdpArgsError) return error.problems;
    throw error;
  }
  throw new Error('expected a DemoIdpArgsError');
}

describe('parseDemoIdpArgs', () => {
  it('registers the documented default client for http://localhost:3000 on port 4000 when given nothing', () => {
    expect(parse([])).toEqual({
      help: false,
      options: {
        clients: [
          {
            clientId: 'my-app',
            clientSecret: 'my-app-secret-for-the-demo-idp-only',
            clientAuth: 'client_secret_basic',
            baseUrl: 'http://localhost:3000',
            basePath: '/auth',
            providerNames: [],
          },
        ],
        port: 4000,
        backChannel: true,
        frontChannel: true,
        fapi: false,
      },
      generatedSecrets: [],
      defaultClient: true,
    });
    expect(DEFAULT_CLIENT.clientSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads repeated --client flags: id, secret and app URL; a secret left out is generated', () => {
    const cli = parse([
      '--client',
      `shop:${SECRET}@http://localhost:5173/`,
      '--client=portal@http://127.0.0.1:4100',
      '--client',
      'bare',
    ]);
    expect(cli.options.clients).toEqual([
      {
        clientId: 'shop',
        clientSecret: SECRET,
        clientAuth: 'client_secret_basic',
        baseUrl: 'http://localhost:5173',
        basePath: '/auth',
        providerNames: [],
      },
      {
        clientId: 'portal',
        clientSecret: generated(),
        clientAuth: 'client_secret_basic',
        baseUrl: 'http://127.0.0.1:4100',
        basePath: '/auth',
        providerNames: [],
      },
      {
        clientId: 'bare',
        clientSecret: generated(),
        clientAuth: 'client_secret_basic',
        baseUrl: 'http://localhost:3000',
        basePath: '/auth',
        providerNames: [],
      },
    ]);
    expect(cli.generatedSecrets).toEqual(['portal', 'bare']);
    expect(cli.defaultClient).toBe(false);
  });

  it('splits the secret at the first ":" and the app URL at the last "@"', () => {
    const secret = `with:colon@and-at-${'x'.repeat(20)}`;
    expect(parse(['--client', `app:${secret}@http://localhost:3000`]).options.clients[0]).toMatchObject({
      clientId: 'app',
      clientSecret: secret,
    });
  });

  it('generates a fresh random secret by default', () => {
    const first = parseDemoIdpArgs(['--client', 'a', '--client', 'b'], {});
    if (first.help) throw new Error('unexpected help');
    const [a, b] = first.options.clients.map((c) => c.clientSecret ?? '');
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(b).toMatch(/^[\w-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('takes one client, the auth method, the base path and the port from the environment', () => {
    const cli = parse([], {
      DEMO_IDP_CLIENT_ID: 'env-app',
      DEMO_IDP_CLIENT_SECRET: SECRET,
      DEMO_IDP_APP_URL: 'http://127.0.0.1:8080',
      DEMO_IDP_CLIENT_AUTH: 'client_secret_post',
      DEMO_IDP_BASE_PATH: '/oidc',
      DEMO_IDP_PORT: '4100',
    });
    expect(cli.options).toMatchObject({
      clients: [
        {
          clientId: 'env-app',
          clientSecret: SECRET,
          clientAuth: 'client_secret_post',
          baseUrl: 'http://127.0.0.1:8080',
          basePath: '/oidc',
        },
      ],
      port: 4100,
    });
    expect(cli.defaultClient).toBe(false);
  });

  it('adds the environment client to the --client ones; flags win over the other variables', () => {
    const cli = parse(['--client', 'flag-app', '--port', '0', '--client-auth', 'client_secret_jwt'], {
      DEMO_IDP_CLIENT_ID: 'env-app',
      DEMO_IDP_PORT: '4100',
      DEMO_IDP_CLIENT_AUTH: 'client_secret_post',
    });
    expect(cli.options.clients.map((c) => [c.clientId, c.clientAuth, c.baseUrl])).toEqual([
      ['env-app', 'client_secret_jwt', 'http://localhost:3000'],
      ['flag-app', 'client_secret_jwt', 'http://localhost:3000'],
    ]);
    expect(cli.options.port).toBe(0);
  });

  it('registers public clients without a secret with --client-auth none', () => {
    expect(parse(['--client-auth', 'none']).options.clients).toEqual([
      {
        clientId: 'my-app',
        clientAuth: 'none',
        baseUrl: 'http://localhost:3000',
        basePath: '/auth',
        providerNames: [],
      },
    ]);
    const cli = parse(['--client-auth', 'none', '--client', 'spa@http://localhost:5173']);
    expect(cli.options.clients[0]).not.toHaveProperty('clientSecret');
    expect(cli.generatedSecrets).toEqual([]);
  });

  it('switches the logout channels off', () => {
    expect(parse(['--no-back-channel']).options).toMatchObject({ backChannel: false, frontChannel: true });
    expect(parse(['--no-front-channel']).options).toMatchObject({ backChannel: true, frontChannel: false });
  });

  it('answers --help and -h', () => {
    expect(parseDemoIdpArgs(['--help'], {})).toEqual({ help: true });
    expect(parseDemoIdpArgs(['--port', '1', '-h'], {})).toEqual({ help: true });
    expect(USAGE).toContain('--client <id>[:<secret>][@<app-url>]');
  });

  it('gives options startDemoIdp accepts as they are', () => {
    const cli = parse(['--client', `a:${SECRET}@http://localhost:3000`, '--client', 'b@http://127.0.0.1:3001']);
    const [idp, ...more] = planIdps(cli.options);
    expect(more).toEqual([]);
    expect(resolveOptions(idp?.options ?? { clients: [] }).clients.map((c) => c.redirectUris)).toEqual([
      ['http://localhost:3000/auth/callback'],
      ['http://127.0.0.1:3001/auth/callback'],
    ]);
  });

  it('reads --provider flags as names of the client before them, and plans one IdP per name', () => {
    const cli = parse([
      '--client',
      'solo@http://127.0.0.1:3001',
      '--client',
      `shop:${SECRET}@http://localhost:3000`,
      '--provider',
      'alpha',
      '--provider=beta',
      '--client',
      'portal@http://127.0.0.1:3002',
      '--provider',
      'alpha',
    ]);
    expect(cli.options.clients.map((c) => [c.clientId, c.providerNames])).toEqual([
      ['solo', []],
      ['shop', ['alpha', 'beta']],
      ['portal', ['alpha']],
    ]);
    const plan = planIdps(cli.options);
    expect(plan.map((idp) => [idp.providerName, idp.options.port, idp.options.clients.map((c) => c.clientId)])).toEqual(
      [
        [undefined, 4000, ['solo']],
        ['alpha', 4001, ['shop', 'portal']],
        ['beta', 4002, ['shop']],
      ],
    );
    // One secret per client, at every IdP it names.
    expect(plan[2]?.options.clients[0]).toEqual({
      clientId: 'shop',
      clientSecret: SECRET,
      clientAuth: 'client_secret_basic',
      baseUrl: 'http://localhost:3000',
      basePath: '/auth',
      providerName: 'beta',
    });
    expect(plan.map((idp) => resolveOptions(idp.options).clients.map((c) => c.redirectUris))).toEqual([
      [['http://127.0.0.1:3001/auth/callback']],
      [['http://localhost:3000/auth/callback/alpha'], ['http://127.0.0.1:3002/auth/callback/alpha']],
      [['http://localhost:3000/auth/callback/beta']],
    ]);
  });

  it('gives every IdP a free port of its own with --port 0', () => {
    const cli = parse(['--port', '0', '--client', 'a', '--provider', 'alpha', '--provider', 'beta']);
    expect(planIdps(cli.options).map((idp) => idp.options.port)).toEqual([0, 0]);
  });

  it('takes the provider names of the environment client from DEMO_IDP_PROVIDERS', () => {
    const cli = parse([], { DEMO_IDP_CLIENT_ID: 'env-app', DEMO_IDP_PROVIDERS: 'alpha, beta' });
    expect(cli.options.clients[0]?.providerNames).toEqual(['alpha', 'beta']);
  });

  it('registers FAPI 2.0 clients with --fapi or DEMO_IDP_FAPI=1: no secret, no client-auth, options startDemoIdp takes', () => {
    for (const cli of [
      parse(['--fapi', '--client', 'shop', '--provider', 'alpha']),
      parse(['--client', 'shop', '--provider', 'alpha'], { DEMO_IDP_FAPI: '1' }),
    ]) {
      expect(cli.options.fapi).toBe(true);
      expect(cli.options.clients).toEqual([
        { clientId: 'shop', baseUrl: 'http://localhost:3000', basePath: '/auth', providerNames: ['alpha'] },
      ]);
      expect(cli.generatedSecrets).toEqual([]);
      const [idp] = planIdps(cli.options);
      expect(idp?.options.fapi).toBe(true);
      expect(resolveOptions(idp?.options ?? { clients: [] }).clients[0]).toMatchObject({
        clientAuth: 'private_key_jwt',
        clientSecret: undefined,
        privateKey: { kty: 'EC', crv: 'P-256', alg: 'ES256' },
      });
    }
    expect(parse(['--fapi']).options.clients).toEqual([
      { clientId: 'my-app', baseUrl: 'http://localhost:3000', basePath: '/auth', providerNames: [] },
    ]);
    expect(parse([], { DEMO_IDP_FAPI: 'false' }).options.fapi).toBe(false);
  });

  it('registers the key of --client-key at every IdP the client names, in FAPI 2.0 mode', () => {
    const cli = parse([
      '--fapi',
      '--client',
      'shop',
      '--client-key',
      'key.json',
      '--provider',
      'alpha',
      '--provider',
      'beta',
    ]);
    expect(cli.options.clients[0]?.privateKey).toEqual(KEY);
    const registered = planIdps(cli.options).map((idp) => resolveOptions(idp.options).clients[0]?.privateKey);
    expect(registered).toEqual([KEY, KEY]);
  });

  it.each([
    [['--prot', '4000'], 'unknown option --prot (did you mean --port?)'],
    [['--clinet', 'x'], 'unknown option --clinet (did you mean --client?)'],
    [
      ['--app-url', 'http://localhost:3000'],
      'unknown option --app-url: a client is given as --client <id>[:<secret>][@<app-url>]',
    ],
    [['--verbose'], 'unknown option --verbose (see --help)'],
    [['-x'], 'unknown option -x (see --help)'],
    [['shop'], 'unexpected argument "shop": every value follows its option'],
    [['--port'], '--port needs a value: --port <port>'],
    [['--client'], '--client needs a value: --client <id>[:<secret>][@<app-url>]'],
    [['--client='], '--client needs a value: --client <id>[:<secret>][@<app-url>]'],
    [['--no-back-channel=yes'], '--no-back-channel takes no value (got "yes")'],
    [['--port', '1', '--port', '2'], '--port is given 2 times (1, 2): give it once'],
    [['--port', '65536'], '--port must be a port number from 0 to 65535 (got "65536")'],
    [['--port', '-1'], '--port must be a port number from 0 to 65535 (got "-1")'],
    [['--port', '4e3'], '--port must be a port number from 0 to 65535 (got "4e3")'],
    [
      ['--client-auth', 'private_key_jwt'],
      '--client-auth must be one of client_secret_basic, client_secret_post, client_secret_jwt, none (got "private_key_jwt")',
    ],
    [['--base-path', 'auth'], '--base-path must be a path such as /auth, without a trailing slash (got "auth")'],
    [['--base-path', '/auth/'], '--base-path must be a path such as /auth, without a trailing slash (got "/auth/")'],
    [
      ['--client', 'shop:short@http://localhost:3000'],
      '--client shop:short@http://localhost:3000: the secret must be at least 32 characters (got 5); leave it out for a generated one',
    ],
    [
      ['--client', 'shop@localhost:3000'],
      `--client shop@localhost:3000: the app's URL must be an http origin on localhost or 127.0.0.1 without a path, such as http://localhost:3000 (got "localhost:3000")`,
    ],
    [
      ['--client', 'shop@https://app.example.com'],
      `--client shop@https://app.example.com: the app's URL must be an http origin on localhost or 127.0.0.1 without a path, such as http://localhost:3000 (got "https://app.example.com")`,
    ],
    [
      ['--client', 'shop@http://localhost:3000/app'],
      `--client shop@http://localhost:3000/app: the app's URL must be an http origin on localhost or 127.0.0.1 without a path, such as http://localhost:3000 (got "http://localhost:3000/app")`,
    ],
    [
      ['--client', 'http://localhost:3000'],
      '--client http://localhost:3000: the client id comes first: --client <id>[:<secret>][@<app-url>]',
    ],
    [
      ['--client', '@http://localhost:3000'],
      '--client @http://localhost:3000: the client id must be printable ASCII, without ":" or spaces (got "")',
    ],
    [['--client', 'a', '--client', 'a'], '--client a: the client id "a" is already registered by --client a'],
    [
      ['--client-auth', 'none', '--client', `spa:${SECRET}`],
      `--client spa:${SECRET}: a client with client-auth none is public and has no secret; leave the secret out`,
    ],
    [
      ['--provider', 'alpha', '--client', 'a'],
      '--provider alpha comes before any --client: it names the IdP for the client before it, as in --client my-app@http://localhost:3000 --provider alpha',
    ],
    [
      ['--client', 'a', '--provider', 'al.pha'],
      '--provider al.pha: a provider name is 1 to 32 letters, digits, "-" or "_", starting with a letter or digit, as identityProviders takes (got "al.pha")',
    ],
    [
      ['--client', 'a', '--provider', '-x'],
      '--provider -x: a provider name is 1 to 32 letters, digits, "-" or "_", starting with a letter or digit, as identityProviders takes (got "-x")',
    ],
    [['--client', 'a', '--provider', 'alpha', '--provider', 'alpha'], '--provider alpha: given twice for the client a'],
    [['--client', 'a', '--provider'], '--provider needs a value: --provider <name>'],
    [
      ['--providers', 'alpha'],
      'unknown option --providers: a provider name is given as --provider <name>, after its --client',
    ],
    [['--fapi=yes'], '--fapi takes no value (got "yes")'],
    [
      ['--fapi', '--client-auth', 'client_secret_post'],
      '--client-auth cannot be used with --fapi: a FAPI 2.0 client authenticates with private_key_jwt, with a key pair made for it',
    ],
    [
      ['--fapi', '--client', `a:${SECRET}`],
      `--client a:${SECRET}: a FAPI 2.0 client has no secret (it signs with a key pair made for this run); leave the secret out`,
    ],
    [
      ['--client', 'a@http://localhost:3000/auth/callback/alpha'],
      "--client a@http://localhost:3000/auth/callback/alpha: give the app's origin, http://localhost:3000, not its callback: every URI is derived from the origin (for …/callback/alpha, --provider alpha after it)",
    ],
    [
      ['--client', 'a@http://localhost:3000/auth/callback'],
      "--client a@http://localhost:3000/auth/callback: give the app's origin, http://localhost:3000, not its callback: every URI is derived from the origin",
    ],
    [
      ['--port', '65535', '--client', 'a', '--provider', 'x', '--provider', 'y'],
      'the port 65535 leaves no room for 2 IdPs (one per provider name): choose a lower one, or 0',
    ],
    [
      ['--client-key', 'key.json', '--client', 'a'],
      '--client-key key.json comes before any --client: it gives the key of the client before it, as in --client my-app@http://localhost:3000 --client-key key.json',
    ],
    [
      ['--client', 'a', '--client-key', 'key.json'],
      '--client-key key.json: a key is for FAPI 2.0 clients only: add --fapi',
    ],
    [
      ['--fapi', '--client', 'a', '--client-key', 'key.json', '--client-key', 'rsa.json'],
      '--client-key key.json: a client has one key, and a is given 2',
    ],
    [['--fapi', '--client', 'a', '--client-key', 'nowhere.json'], '--client-key nowhere.json: cannot read it (ENOENT)'],
    [
      ['--fapi', '--client', 'a', '--client-key', 'not-json.txt'],
      '--client-key not-json.txt: the file is not JSON: it holds a private JWK, as demo:idp --fapi prints',
    ],
    [
      ['--fapi', '--client', 'a', '--client-key', 'rsa.json'],
      '--client-key rsa.json: the key must be an EC P-256 key (kty "EC", crv "P-256"), for ES256',
    ],
    [
      ['--fapi', '--client', 'a', '--client-key', 'mismatch.json'],
      '--client-key mismatch.json: the key has an "x" and "y" that are not the public half of its "d"',
    ],
  ])('refuses %j, naming the flag', (argv, message) => {
    expect(problems(argv)).toEqual([message]);
  });

  it.each([
    [{ DEMO_IDP_CLIENTID: 'x' }, /^unknown environment variable DEMO_IDP_CLIENTID: known are DEMO_IDP_CLIENT_ID, /],
    [{ DEMO_IDP_PORT: 'http' }, /^DEMO_IDP_PORT must be a port number from 0 to 65535 \(got "http"\)$/],
    [{ DEMO_IDP_CLIENT_AUTH: 'basic' }, /^DEMO_IDP_CLIENT_AUTH must be one of /],
    [{ DEMO_IDP_CLIENT_SECRET: SECRET }, /^DEMO_IDP_CLIENT_SECRET is set but DEMO_IDP_CLIENT_ID is not/],
    [
      { DEMO_IDP_CLIENT_ID: 'a', DEMO_IDP_CLIENT_SECRET: 'short' },
      /^DEMO_IDP_CLIENT_SECRET: the secret must be at least 32/,
    ],
    [
      { DEMO_IDP_CLIENT_ID: 'a', DEMO_IDP_APP_URL: 'localhost:3000' },
      /^DEMO_IDP_APP_URL: the app's URL must be an http origin/,
    ],
    [{ DEMO_IDP_PROVIDERS: 'alpha' }, /^DEMO_IDP_PROVIDERS is set but DEMO_IDP_CLIENT_ID is not/],
    [
      { DEMO_IDP_CLIENT_ID: 'a', DEMO_IDP_PROVIDERS: 'alpha,,beta' },
      /^DEMO_IDP_PROVIDERS: a provider name is 1 to 32 .* \(got ""\)$/,
    ],
    [
      { DEMO_IDP_CLIENT_ID: 'a', DEMO_IDP_APP_URL: 'http://127.0.0.1:3000/auth/callback/beta' },
      /^DEMO_IDP_APP_URL: give the app's origin, http:\/\/127\.0\.0\.1:3000, not its callback: .*DEMO_IDP_PROVIDERS=beta\)$/,
    ],
    [{ DEMO_IDP_FAPI: 'yes' }, /^DEMO_IDP_FAPI must be 1 \(FAPI 2\.0 mode\) or 0 \(got "yes"\)$/],
    [{ DEMO_IDP_FAPI: '1', DEMO_IDP_CLIENT_AUTH: 'none' }, /^DEMO_IDP_CLIENT_AUTH cannot be used with DEMO_IDP_FAPI: /],
  ])('refuses the environment %j, naming the variable', (env, message) => {
    expect(problems([], env)).toEqual([expect.stringMatching(message)]);
  });

  it('refuses a client id given by both the environment and --client', () => {
    expect(problems(['--client', 'a'], { DEMO_IDP_CLIENT_ID: 'a' })).toEqual([
      '--client a: the client id "a" is already registered by DEMO_IDP_CLIENT_ID',
    ]);
  });

  it('lists every problem at once', () => {
    expect(problems(['--prot', '1', '--client-auth', 'x', '--client', 'a:b'])).toHaveLength(3);
  });

  it('refuses --help beside an unknown option: the typo is still reported', () => {
    expect(problems(['--help', '--prot'])).toEqual(['unknown option --prot (did you mean --port?)']);
  });
});
