// The flags of `pnpm demo:idp` as given, in order: which option has which values, which
// `--provider` flags follow which `--client`, and a problem for each flag that cannot be read.
import { parseArgs } from 'node:util';
import leven from 'leven';
import { MIDDLE_TIER_SYNTAX } from './cli-middle-tier.js';
import { CLIENT_AUTH_METHODS } from './options.js';

export const OPTIONS = {
  client: { type: 'string' },
  provider: { type: 'string' },
  fapi: { type: 'boolean' },
  'client-key': { type: 'string' },
  'client-auth': { type: 'string' },
  'base-path': { type: 'string' },
  'middle-tier': { type: 'string' },
  port: { type: 'string' },
  'no-back-channel': { type: 'boolean' },
  'no-front-channel': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
export type OptionName = keyof typeof OPTIONS;

/** Options that may be given more than once; every other one is refused when repeated. */
const REPEATABLE: ReadonlySet<OptionName> = new Set(['client', 'provider', 'client-key']);

/** One `--client` flag and the `--provider` and `--client-key` flags after it (before the next `--client`). */
export interface ClientFlag {
  readonly spec: string;
  readonly providers: string[];
  readonly keyFiles: string[];
}

export interface Flags {
  /** Each option given, with its values in order (`''` for a boolean). */
  readonly given: ReadonlyMap<OptionName, readonly string[]>;
  readonly clients: readonly ClientFlag[];
}

/** Names a newcomer may guess for what `--client` takes. */
const CLIENT_PARTS = new Set(['client-id', 'client-secret', 'secret', 'app', 'app-url', 'url', 'redirect-uri']);
/** Names a newcomer may guess for what `--provider` takes. */
const PROVIDER_PARTS = new Set(['providers', 'provider-name', 'name', 'idp', 'identity-provider']);

/** Reads `argv`, adding to `problems` every unknown option, stray argument, missing or repeated value. */
export function readFlags(argv: readonly string[], problems: string[]): Flags {
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given = new Map<OptionName, string[]>();
  const clients: ClientFlag[] = [];
  let unknownOption = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      // After an unknown option its value looks like a stray argument: one problem is enough.
      if (!unknownOption) problems.push(`unexpected argument "${token.value}": every value follows its option`);
      continue;
    }
    const name = token.name as OptionName;
    const problem = tokenProblem(name, token.rawName, token.value);
    if (problem !== undefined) {
      unknownOption ||= !Object.hasOwn(OPTIONS, name);
      problems.push(problem);
      continue;
    }
    const value = token.value ?? '';
    given.set(name, [...(given.get(name) ?? []), value]);
    if (name === 'client') clients.push({ spec: value, providers: [], keyFiles: [] });
    if (name === 'provider' || name === 'client-key') {
      const client = clients.at(-1);
      if (client === undefined) problems.push(beforeAnyClient(name, value));
      else (name === 'provider' ? client.providers : client.keyFiles).push(value);
    }
  }
  for (const [name, values] of given) {
    if (!REPEATABLE.has(name) && OPTIONS[name].type === 'string' && values.length > 1) {
      problems.push(`--${name} is given ${values.length} times (${values.join(', ')}): give it once`);
    }
  }
  return { given, clients };
}

/** Why one option token cannot be taken, or `undefined` when it can. */
function tokenProblem(name: string, rawName: string, value: string | undefined): string | undefined {
  if (!Object.hasOwn(OPTIONS, name)) return `unknown option ${rawName}${hint(name)}`;
  const option = name as OptionName;
  if (OPTIONS[option].type === 'boolean' && value !== undefined) return `${rawName} takes no value (got "${value}")`;
  if (OPTIONS[option].type === 'string' && (value === undefined || value === '')) {
    return `${rawName} needs a value: ${rawName} ${valueName(option)}`;
  }
  return undefined;
}

/** `--provider` and `--client-key` belong to the client before them: it comes first. */
function beforeAnyClient(option: 'provider' | 'client-key', value: string): string {
  const what = option === 'provider' ? 'names the IdP for' : 'gives the key of';
  return `--${option} ${value} comes before any --client: it ${what} the client before it, as in --client my-app@http://localhost:3000 --${option} ${value}`;
}

export function valueName(name: OptionName): string {
  switch (name) {
    case 'client':
      return '<id>[:<secret>][@<app-url>]';
    case 'provider':
      return '<name>';
    case 'client-key':
      return '<jwk-file>';
    case 'client-auth':
      return `<${CLIENT_AUTH_METHODS.join('|')}>`;
    case 'base-path':
      return '<path>';
    case 'middle-tier':
      return MIDDLE_TIER_SYNTAX;
    default:
      return '<port>';
  }
}

/** " (did you mean --port?)" for a near miss, the syntax for a guessed client or provider part. */
function hint(name: string): string {
  if (CLIENT_PARTS.has(name)) return `: a client is given as --client ${valueName('client')}`;
  if (PROVIDER_PARTS.has(name)) return `: a provider name is given as --provider <name>, after its --client`;
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of Object.keys(OPTIONS)) {
    const distance = leven(name, known);
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best === undefined ? ' (see --help)' : ` (did you mean --${best}?)`;
}
