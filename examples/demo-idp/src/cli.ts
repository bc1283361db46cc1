// `pnpm demo:idp`: the demo IdP alone, for trying one's own app against it. Everything but
// starting, printing and stopping is here, in pure functions: main.ts only wires them up.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import leven from 'leven';
import { CLIENT_AUTH_METHODS, type DemoClient, type DemoClientAuth } from './options.js';

/** The port `pnpm demo` gives its IdP too: the issuer stays `http://127.0.0.1:4000` run after run. */
export const DEFAULT_PORT = 4000;
/** Where the default client's app is: the port the example apps listen on by default. */
export const DEFAULT_APP_URL = 'http://localhost:3000';
/** The client registered when none is given, with a fixed secret so the app's settings survive restarts. */
export const DEFAULT_CLIENT = { clientId: 'my-app', clientSecret: 'my-app-secret-for-the-demo-idp-only' } as const;
export const DEFAULT_BASE_PATH = '/auth';

/** Environment variables the CLI reads; any other `DEMO_IDP_*` one is refused as a typo. */
export const ENV_VARIABLES = [
  'DEMO_IDP_CLIENT_ID',
  'DEMO_IDP_CLIENT_SECRET',
  'DEMO_IDP_APP_URL',
  'DEMO_IDP_CLIENT_AUTH',
  'DEMO_IDP_BASE_PATH',
  'DEMO_IDP_PORT',
] as const;

export const USAGE = `Usage: pnpm demo:idp [options]

Starts the demo OpenID provider (oidc-provider) on 127.0.0.1, for trying your own app against it.

Options:
  --client <id>[:<secret>][@<app-url>]
                        register a client (repeatable). <app-url> is the app's origin, http on
                        localhost or 127.0.0.1 (default ${DEFAULT_APP_URL}); its redirect and
                        logout URIs are <app-url>${DEFAULT_BASE_PATH}/callback, /signed-out,
                        /front-channel-logout and /back-channel-logout. A <secret> has at least
                        32 characters; left out, one is generated and printed.
  --client-auth <method>
                        how every client authenticates at the token endpoint:
                        client_secret_basic (default), client_secret_post,
                        client_secret_jwt, or none (public clients, no secret)
  --base-path <path>    where the apps' auth routes live (identity-web's basePath, default ${DEFAULT_BASE_PATH})
  --port <port>         port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --no-back-channel     drop logout tokens instead of POSTing them to the apps
  --no-front-channel    load no front-channel logout iframes on the logout page
  -h, --help            print this help

Environment (flags win over these; DEMO_IDP_CLIENT_ID registers one more client):
  DEMO_IDP_CLIENT_ID, DEMO_IDP_CLIENT_SECRET, DEMO_IDP_APP_URL   one client, as --client does
  DEMO_IDP_CLIENT_AUTH, DEMO_IDP_BASE_PATH, DEMO_IDP_PORT        as --client-auth, --base-path, --port

Without any client, one is registered for ${DEFAULT_APP_URL}: id ${DEFAULT_CLIENT.clientId}, secret ${DEFAULT_CLIENT.clientSecret}.

Examples:
  pnpm demo:idp
  pnpm demo:idp --client shop@http://localhost:5173
  pnpm demo:idp --client shop:a-secret-of-at-least-32-characters@http://localhost:3000 --port 4100
`;

/** What `--client` and the environment registered, ready for `startDemoIdp`. */
export interface DemoIdpCli {
  readonly help: false;
  readonly options: {
    readonly clients: readonly DemoClient[];
    readonly port: number;
    readonly backChannel: boolean;
    readonly frontChannel: boolean;
  };
  /** Ids of the clients whose secret was generated for this run. */
  readonly generatedSecrets: readonly string[];
  /** No client was given: `DEFAULT_CLIENT` was registered. */
  readonly defaultClient: boolean;
}

/** The arguments or environment cannot start the IdP; the message names each flag or variable to fix. */
export class DemoIdpArgsError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'DemoIdpArgsError';
    this.problems = problems;
  }
}

const OPTIONS = {
  client: { type: 'string' },
  'client-auth': { type: 'string' },
  'base-path': { type: 'string' },
  port: { type: 'string' },
  'no-back-channel': { type: 'boolean' },
  'no-front-channel': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof OPTIONS;

/** Names a newcomer may guess for what `--client` takes. */
const CLIENT_PARTS = new Set(['client-id', 'client-secret', 'secret', 'app', 'app-url', 'url', 'redirect-uri']);

/**
 * Reads the command line (`process.argv.slice(2)`) and the environment. Refuses, naming the flag or
 * variable, every unknown option, stray argument, repeated single option, unknown `DEMO_IDP_*`
 * variable and malformed value: a typo never goes unnoticed. Secrets left out are generated
 * (`randomSecret`, 32 random bytes in base64url by default).
 */
export function parseDemoIdpArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  randomSecret: () => string = () => randomBytes(32).toString('base64url'),
): { readonly help: true } | DemoIdpCli {
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const problems: string[] = [];
  const given = new Map<OptionName, string[]>();
  let unknownOption = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      // After an unknown option its value looks like a stray argument: one problem is enough.
      if (!unknownOption) problems.push(`unexpected argument "${token.value}": every value follows its option`);
      continue;
    }
    const name = token.name as OptionName;
    if (!Object.hasOwn(OPTIONS, name)) {
      unknownOption = true;
      problems.push(`unknown option ${token.rawName}${hint(token.name)}`);
      continue;
    }
    if (OPTIONS[name].type === 'boolean' && token.value !== undefined) {
      problems.push(`${token.rawName} takes no value (got "${token.value}")`);
      continue;
    }
    if (OPTIONS[name].type === 'string' && (token.value === undefined || token.value === '')) {
      problems.push(`${token.rawName} needs a value: ${token.rawName} ${valueName(name)}`);
      continue;
    }
    given.set(name, [...(given.get(name) ?? []), token.value ?? '']);
  }
  for (const [name, values] of given) {
    if (name !== 'client' && OPTIONS[name].type === 'string' && values.length > 1) {
      problems.push(`--${name} is given ${values.length} times (${values.join(', ')}): give it once`);
    }
  }
  const unknownVariables = Object.keys(env).filter(
    (key) => key.startsWith('DEMO_IDP_') && !(ENV_VARIABLES as readonly string[]).includes(key),
  );
  for (const key of unknownVariables)
    problems.push(`unknown environment variable ${key}: known are ${ENV_VARIABLES.join(', ')}`);
  if (given.has('help')) {
    if (problems.length > 0) throw new DemoIdpArgsError(problems);
    return { help: true };
  }

  const variable = (name: (typeof ENV_VARIABLES)[number]) => env[name]?.trim() || undefined;
  const setting = (option: OptionName, envName: (typeof ENV_VARIABLES)[number]) => {
    const flag = given.get(option)?.[0];
    if (flag !== undefined) return { value: flag, source: `--${option}` };
    const value = variable(envName);
    return value === undefined ? undefined : { value, source: envName };
  };

  const auth = setting('client-auth', 'DEMO_IDP_CLIENT_AUTH');
  let clientAuth: DemoClientAuth = 'client_secret_basic';
  if (auth !== undefined) {
    if ((CLIENT_AUTH_METHODS as readonly string[]).includes(auth.value)) clientAuth = auth.value as DemoClientAuth;
    else problems.push(`${auth.source} must be one of ${CLIENT_AUTH_METHODS.join(', ')} (got "${auth.value}")`);
  }

  const basePathSetting = setting('base-path', 'DEMO_IDP_BASE_PATH');
  const basePath = basePathSetting?.value ?? DEFAULT_BASE_PATH;
  if (basePathSetting !== undefined && !/^\/[\w\-/]*[^/]$/.test(basePath)) {
    problems.push(
      `${basePathSetting.source} must be a path such as /auth, without a trailing slash (got "${basePath}")`,
    );
  }

  const portSetting = setting('port', 'DEMO_IDP_PORT');
  let port = DEFAULT_PORT;
  if (portSetting !== undefined) {
    port = /^\d{1,5}$/.test(portSetting.value) ? Number(portSetting.value) : Number.NaN;
    if (!(port <= 65535)) {
      problems.push(`${portSetting.source} must be a port number from 0 to 65535 (got "${portSetting.value}")`);
    }
  }

  const clients: DemoClient[] = [];
  const generatedSecrets: string[] = [];
  const registeredBy = new Map<string, string>();
  /** `from` names where each part came from: the `--client` flag, or the variable. */
  const register = (
    from: { readonly id: string; readonly secret: string; readonly url: string },
    id: string,
    secret: string | undefined,
    appUrl: string,
  ) => {
    const before = problems.length;
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(id)) {
      problems.push(`${from.id}: the client id must be printable ASCII, without ":" or spaces (got "${id}")`);
    } else if (registeredBy.has(id)) {
      problems.push(`${from.id}: the client id "${id}" is already registered by ${registeredBy.get(id)}`);
    }
    if (clientAuth === 'none') {
      if (secret !== undefined) {
        problems.push(
          `${from.secret}: a client with client-auth none is public and has no secret; leave the secret out`,
        );
      }
    } else if (secret !== undefined && secret.length < 32) {
      problems.push(
        `${from.secret}: the secret must be at least 32 characters (got ${secret.length}); leave it out for a generated one`,
      );
    } else if (secret !== undefined && !/^[\x21-\x7e]+$/.test(secret)) {
      problems.push(`${from.secret}: the secret must be printable ASCII without spaces`);
    }
    const origin = appOrigin(appUrl);
    if (origin === undefined) {
      problems.push(
        `${from.url}: the app's URL must be an http origin on localhost or 127.0.0.1 without a path, such as ${DEFAULT_APP_URL} (got "${appUrl}")`,
      );
    }
    if (problems.length > before || origin === undefined) return;
    registeredBy.set(id, from.id);
    let clientSecret = secret;
    if (clientAuth !== 'none' && clientSecret === undefined) {
      clientSecret = randomSecret();
      generatedSecrets.push(id);
    }
    clients.push({
      clientId: id,
      clientAuth,
      baseUrl: origin,
      basePath,
      ...(clientSecret === undefined ? {} : { clientSecret }),
    });
  };

  const envId = variable('DEMO_IDP_CLIENT_ID');
  const [envSecret, envAppUrl] = [variable('DEMO_IDP_CLIENT_SECRET'), variable('DEMO_IDP_APP_URL')];
  if (envId !== undefined) {
    const from = { id: 'DEMO_IDP_CLIENT_ID', secret: 'DEMO_IDP_CLIENT_SECRET', url: 'DEMO_IDP_APP_URL' };
    register(from, envId, envSecret, envAppUrl ?? DEFAULT_APP_URL);
  } else {
    for (const [name, value] of [
      ['DEMO_IDP_CLIENT_SECRET', envSecret],
      ['DEMO_IDP_APP_URL', envAppUrl],
    ] as const) {
      if (value !== undefined) problems.push(`${name} is set but DEMO_IDP_CLIENT_ID is not: set the client id too`);
    }
  }
  for (const spec of given.get('client') ?? []) {
    const flag = `--client ${spec}`;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
      problems.push(`${flag}: the client id comes first: --client ${valueName('client')}`);
      continue;
    }
    // The app's URL follows the last "@" (an origin has none), the secret the first ":" before it.
    const at = spec.lastIndexOf('@');
    const head = at === -1 ? spec : spec.slice(0, at);
    const colon = head.indexOf(':');
    register(
      { id: flag, secret: flag, url: flag },
      colon === -1 ? head : head.slice(0, colon),
      colon === -1 ? undefined : head.slice(colon + 1),
      at === -1 ? DEFAULT_APP_URL : spec.slice(at + 1),
    );
  }

  if (problems.length > 0) throw new DemoIdpArgsError(problems);
  const defaultClient = clients.length === 0;
  if (defaultClient) {
    clients.push({
      clientId: DEFAULT_CLIENT.clientId,
      clientAuth,
      baseUrl: DEFAULT_APP_URL,
      basePath,
      ...(clientAuth === 'none' ? {} : { clientSecret: DEFAULT_CLIENT.clientSecret }),
    });
  }
  return {
    help: false,
    options: {
      clients,
      port,
      backChannel: !given.has('no-back-channel'),
      frontChannel: !given.has('no-front-channel'),
    },
    generatedSecrets,
    defaultClient,
  };
}

function valueName(name: OptionName): string {
  switch (name) {
    case 'client':
      return '<id>[:<secret>][@<app-url>]';
    case 'client-auth':
      return `<${CLIENT_AUTH_METHODS.join('|')}>`;
    case 'base-path':
      return '<path>';
    default:
      return '<port>';
  }
}

/** " (did you mean --port?)" for a near miss, the `--client` syntax for a guessed client part. */
function hint(name: string): string {
  if (CLIENT_PARTS.has(name)) return `: a client is given as --client ${valueName('client')}`;
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of Object.keys(OPTIONS)) {
    const distance = leven(name, known);
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best === undefined ? ' (see --help)' : ` (did you mean --${best}?)`;
}

/** `http://localhost:3000` from itself or with a trailing "/"; `undefined` for anything else. */
function appOrigin(url: string): string | undefined {
  const parsed = URL.parse(url);
  if (parsed === null || parsed.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(parsed.hostname)) {
    return undefined;
  }
  if (parsed.username || parsed.password || parsed.pathname !== '/' || parsed.search || parsed.hash) return undefined;
  if (url.endsWith('?') || url.endsWith('#')) return undefined;
  return parsed.origin;
}
