// `pnpm demo:idp`: the demo IdP alone, for trying one's own app against it. Everything but
// starting, printing and stopping is in pure functions: main.ts only wires them up.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type CliClient, type ClientParts, ClientRegistrations, splitClientSpec } from './cli-clients.js';
import { type Flags, type OptionName, readFlags, valueName } from './cli-flags.js';
import { middleTierOf } from './cli-middle-tier.js';
import { type CliOptions, idpNames } from './idp-plan.js';
import { CLIENT_AUTH_METHODS, type DemoClientAuth } from './options.js';
import {
  DEFAULT_APP_URL,
  DEFAULT_BASE_PATH,
  DEFAULT_CLIENT,
  DEFAULT_PORT,
  ENV_VARIABLES,
  type EnvVariable,
} from './usage.js';

export type { CliClient } from './cli-clients.js';
export type { CliOptions } from './idp-plan.js';
export { DEFAULT_APP_URL, DEFAULT_BASE_PATH, DEFAULT_CLIENT, DEFAULT_PORT, ENV_VARIABLES, USAGE } from './usage.js';

/** What `--client`, `--provider`, `--client-key` and the environment registered, ready for `planIdps`. */
export interface DemoIdpCli {
  readonly help: false;
  readonly options: CliOptions;
  /** Ids of the clients (and of the middle tier) whose secret was generated for this run. */
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

type Env = Readonly<Record<string, string | undefined>>;

/** A setting's value and where it came from: `--flag`, or the variable's name. */
interface Setting {
  readonly value: string;
  readonly source: string;
}

/**
 * Reads the command line (`process.argv.slice(2)`) and the environment. Refuses, naming the flag or
 * variable, every unknown option, stray argument, repeated single option, unknown `DEMO_IDP_*`
 * variable and malformed value: a typo never goes unnoticed. Secrets left out are generated
 * (`randomSecret`, 32 random bytes in base64url by default); `--client-key` files are read with
 * `readFile`.
 */
export function parseDemoIdpArgs(
  argv: readonly string[],
  env: Env,
  randomSecret: () => string = () => randomBytes(32).toString('base64url'),
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): { readonly help: true } | DemoIdpCli {
  const problems: string[] = [];
  const flags = readFlags(argv, problems);
  for (const key of Object.keys(env)) {
    if (key.startsWith('DEMO_IDP_') && !(ENV_VARIABLES as readonly string[]).includes(key)) {
      problems.push(`unknown environment variable ${key}: known are ${ENV_VARIABLES.join(', ')}`);
    }
  }
  if (flags.given.has('help')) {
    if (problems.length > 0) throw new DemoIdpArgsError(problems);
    return { help: true };
  }
  const setting = (option: OptionName, name: EnvVariable): Setting | undefined => {
    const flag = flags.given.get(option)?.[0];
    if (flag !== undefined) return { value: flag, source: `--${option}` };
    const value = variable(env, name);
    return value === undefined ? undefined : { value, source: name };
  };
  const fapi = fapiMode(flags, env, problems);
  const clientAuth = clientAuthOf(setting('client-auth', 'DEMO_IDP_CLIENT_AUTH'), fapi, problems);
  const basePath = basePathOf(setting('base-path', 'DEMO_IDP_BASE_PATH'), problems);
  const port = portOf(setting('port', 'DEMO_IDP_PORT'), problems);
  const middle = middleTierOf(setting('middle-tier', 'DEMO_IDP_MIDDLE_TIER'), fapi, randomSecret, problems);
  const registrations = new ClientRegistrations({ clientAuth, basePath, randomSecret, readFile }, problems);
  for (const parts of envClient(env, problems)) registrations.register(parts);
  for (const parts of flagClients(flags, problems)) registrations.register(parts);
  const { clients, generatedSecrets } = registrations;
  const idps = idpNames(clients).length;
  if (idps > 1 && port + idps - 1 > 65535) {
    problems.push(`the port ${port} leaves no room for ${idps} IdPs (one per provider name): choose a lower one, or 0`);
  }
  if (middle !== undefined && clients.some((c) => c.clientId === middle.middleTier.clientId)) {
    problems.push(
      `--middle-tier: the client id ${middle.middleTier.clientId} is an app's too: give the middle tier its own`,
    );
  }
  if (problems.length > 0) throw new DemoIdpArgsError(problems);
  const defaultClient = clients.length === 0;
  if (defaultClient) clients.push(theDefaultClient(clientAuth, basePath));
  return {
    help: false,
    options: {
      clients,
      port,
      backChannel: !flags.given.has('no-back-channel'),
      frontChannel: !flags.given.has('no-front-channel'),
      fapi: fapi !== undefined,
      ...(middle !== undefined && { middleTier: middle.middleTier }),
    },
    generatedSecrets: middle?.generatedSecret ? [...generatedSecrets, middle.middleTier.clientId] : generatedSecrets,
    defaultClient,
  };
}

function variable(env: Env, name: EnvVariable): string | undefined {
  return env[name]?.trim() || undefined;
}

/** What turned FAPI 2.0 mode on (`--fapi` or `DEMO_IDP_FAPI`), or `undefined` when off. */
function fapiMode(flags: Flags, env: Env, problems: string[]): string | undefined {
  if (flags.given.has('fapi')) return '--fapi';
  const value = variable(env, 'DEMO_IDP_FAPI')?.toLowerCase();
  if (value === undefined || value === '0' || value === 'false') return undefined;
  if (value === '1' || value === 'true') return 'DEMO_IDP_FAPI';
  problems.push(`DEMO_IDP_FAPI must be 1 (FAPI 2.0 mode) or 0 (got "${env.DEMO_IDP_FAPI}")`);
  return undefined;
}

/** Every client's method; `undefined` in FAPI 2.0 mode, where all are private_key_jwt. */
function clientAuthOf(auth: Setting | undefined, fapi: string | undefined, problems: string[]) {
  if (fapi !== undefined) {
    if (auth !== undefined) {
      problems.push(
        `${auth.source} cannot be used with ${fapi}: a FAPI 2.0 client authenticates with private_key_jwt, with a key pair made for it`,
      );
    }
    return undefined;
  }
  if (auth === undefined) return 'client_secret_basic';
  if ((CLIENT_AUTH_METHODS as readonly string[]).includes(auth.value)) return auth.value as DemoClientAuth;
  problems.push(`${auth.source} must be one of ${CLIENT_AUTH_METHODS.join(', ')} (got "${auth.value}")`);
  return 'client_secret_basic';
}

function basePathOf(setting: Setting | undefined, problems: string[]): string {
  if (setting === undefined) return DEFAULT_BASE_PATH;
  if (!/^\/[\w\-/]*[^/]$/.test(setting.value)) {
    problems.push(`${setting.source} must be a path such as /auth, without a trailing slash (got "${setting.value}")`);
  }
  return setting.value;
}

function portOf(setting: Setting | undefined, problems: string[]): number {
  if (setting === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(setting.value) ? Number(setting.value) : Number.NaN;
  if (port <= 65535) return port;
  problems.push(`${setting.source} must be a port number from 0 to 65535 (got "${setting.value}")`);
  return DEFAULT_PORT;
}

/** The client of `DEMO_IDP_CLIENT_ID`, if set; its other variables without it are refused. */
function envClient(env: Env, problems: string[]): ClientParts[] {
  const id = variable(env, 'DEMO_IDP_CLIENT_ID');
  const parts = {
    DEMO_IDP_CLIENT_SECRET: variable(env, 'DEMO_IDP_CLIENT_SECRET'),
    DEMO_IDP_APP_URL: variable(env, 'DEMO_IDP_APP_URL'),
    DEMO_IDP_PROVIDERS: variable(env, 'DEMO_IDP_PROVIDERS'),
  };
  if (id === undefined) {
    for (const [name, value] of Object.entries(parts)) {
      if (value !== undefined) problems.push(`${name} is set but DEMO_IDP_CLIENT_ID is not: set the client id too`);
    }
    return [];
  }
  const from = {
    id: 'DEMO_IDP_CLIENT_ID',
    secret: 'DEMO_IDP_CLIENT_SECRET',
    url: 'DEMO_IDP_APP_URL',
    providers: 'DEMO_IDP_PROVIDERS',
  };
  const providers = parts.DEMO_IDP_PROVIDERS?.split(',').map((name) => name.trim()) ?? [];
  return [
    {
      from,
      id,
      secret: parts.DEMO_IDP_CLIENT_SECRET,
      appUrl: parts.DEMO_IDP_APP_URL ?? DEFAULT_APP_URL,
      providers,
      keyFiles: [],
    },
  ];
}

/** The clients of the `--client` flags, each with the `--provider` and `--client-key` flags after it. */
function flagClients(flags: Flags, problems: string[]): ClientParts[] {
  const clients: ClientParts[] = [];
  for (const { spec, providers, keyFiles } of flags.clients) {
    const flag = `--client ${spec}`;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
      problems.push(`${flag}: the client id comes first: --client ${valueName('client')}`);
      continue;
    }
    const from = { id: flag, secret: flag, url: flag, providers: '--provider' };
    clients.push({ from, ...splitClientSpec(spec), providers, keyFiles });
  }
  return clients;
}

/** `DEFAULT_CLIENT`, registered when no client is given: with its documented secret, if it has one. */
function theDefaultClient(clientAuth: DemoClientAuth | undefined, basePath: string): CliClient {
  const withSecret = clientAuth !== undefined && clientAuth !== 'none';
  return {
    clientId: DEFAULT_CLIENT.clientId,
    ...(clientAuth === undefined ? {} : { clientAuth }),
    baseUrl: DEFAULT_APP_URL,
    basePath,
    ...(withSecret ? { clientSecret: DEFAULT_CLIENT.clientSecret } : {}),
    providerNames: [],
  };
}
