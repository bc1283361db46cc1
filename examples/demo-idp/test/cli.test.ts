import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, DemoIdpArgsError, type DemoIdpCli, parseDemoIdpArgs, USAGE } from '../src/cli.js';
import { resolveOptions } from '../src/options.js';
import { startMessage } from '../src/start-message.js';

const SECRET = 'a-client-secret-of-at-least-32-characters';
const generated = () => 'generated-secret-generated-secret-0';

function parse(argv: readonly string[], env: Record<string, string | undefined> = {}): DemoIdpCli {
  const result = parseDemoIdpArgs(argv, env, generated);
  if (result.help) throw new Error('expected options, got --help');
  return result;
}

function problems(argv: readonly string[], env: Record<string, string | undefined> = {}): readonly string[] {
  try {
    parseDemoIdpArgs(argv, env, generated);
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
          },
        ],
        port: 4000,
        backChannel: true,
        frontChannel: true,
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
      },
      {
        clientId: 'portal',
        clientSecret: generated(),
        clientAuth: 'client_secret_basic',
        baseUrl: 'http://127.0.0.1:4100',
        basePath: '/auth',
      },
      {
        clientId: 'bare',
        clientSecret: generated(),
        clientAuth: 'client_secret_basic',
        baseUrl: 'http://localhost:3000',
        basePath: '/auth',
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
      { clientId: 'my-app', clientAuth: 'none', baseUrl: 'http://localhost:3000', basePath: '/auth' },
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
    expect(resolveOptions(cli.options).clients.map((c) => c.redirectUris)).toEqual([
      ['http://localhost:3000/auth/callback'],
      ['http://127.0.0.1:3001/auth/callback'],
    ]);
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

describe('startMessage', () => {
  const idp = (cli: DemoIdpCli) => ({
    issuer: 'http://127.0.0.1:4000',
    clients: resolveOptions(cli.options).clients,
    api: { resource: 'api://identity-web-demo', scopes: ['api:read', 'api:write'] },
  });

  it('prints the issuer, every client as registered, a createOidcProvider snippet and how to sign in', () => {
    const cli = parse([]);
    const text = startMessage(idp(cli), cli);
    expect(text).toContain('Issuer: http://127.0.0.1:4000');
    expect(text).toContain('No client given: registered the default one, for an app at http://localhost:3000.');
    for (const line of [
      'Client my-app',
      '  client secret             my-app-secret-for-the-demo-idp-only   (the documented default)',
      '  authentication            client_secret_basic',
      '  redirect URI              http://localhost:3000/auth/callback',
      '  post-logout redirect URI  http://localhost:3000/auth/signed-out',
      '  front-channel logout URI  http://localhost:3000/auth/front-channel-logout',
      '  back-channel logout URI   http://localhost:3000/auth/back-channel-logout',
    ]) {
      expect(text).toContain(`\n${line}\n`);
    }
    expect(text).toContain(`    const identityProvider = createOidcProvider({
      issuer: 'http://127.0.0.1:4000',
      clientId: 'my-app',
      clientSecret: 'my-app-secret-for-the-demo-idp-only',
      allowInsecureRequests: true, // plain http to this IdP on 127.0.0.1
    });`);
    expect(text).toContain('any user name');
    expect(text).toContain('Ctrl-C');
  });

  it('names clientAuth and basePath when they are not the defaults, and says which secrets were generated', () => {
    const cli = parse([
      '--client',
      "o'hara@http://127.0.0.1:4100",
      '--client-auth',
      'client_secret_post',
      '--base-path',
      '/oidc',
    ]);
    const text = startMessage(idp(cli), cli);
    expect(text).not.toContain('No client given');
    expect(text).toContain(`  client secret             ${generated()}   (generated for this run)`);
    expect(text).toContain("      clientId: 'o\\'hara',\n");
    expect(text).toContain("      clientAuth: 'client_secret_post',\n");
    expect(text).toContain('  redirect URI              http://127.0.0.1:4100/oidc/callback');
    expect(text).toContain("baseUrl: 'http://127.0.0.1:4100', basePath: '/oidc'");
  });

  it('prints a public client without a secret', () => {
    const cli = parse(['--client-auth', 'none']);
    const text = startMessage(idp(cli), cli);
    expect(text).toContain('  client secret             (none: a public client)');
    expect(text).not.toContain('clientSecret:');
    expect(text).toContain("      clientAuth: 'none',\n");
  });
});
