// The clients `pnpm demo:idp` registers, from `--client` flags or the `DEMO_IDP_CLIENT_*`
// variables: each part checked and each problem named by where the part came from.
import { type DemoClientPrivateJwk, privateJwkProblem } from './client-key.js';
import type { DemoClient, DemoClientAuth } from './options.js';
import { DEFAULT_APP_URL } from './usage.js';

/**
 * A client as the CLI registers it: at the IdP of each name in `providerNames` (identity-web's
 * `identityProviders`), or with none, at the one IdP for apps with a single `identityProvider`.
 * Without `clientSecret` and `clientAuth` in FAPI 2.0 mode.
 */
export interface CliClient extends Omit<DemoClient, 'providerName' | 'moreBaseUrls' | 'name' | 'basePath'> {
  readonly basePath: string;
  readonly providerNames: readonly string[];
}

/** One client's parts as given; `from` names where each came from (a flag, or a variable). */
export interface ClientParts {
  readonly from: { readonly id: string; readonly secret: string; readonly url: string; readonly providers: string };
  readonly id: string;
  readonly secret: string | undefined;
  readonly appUrl: string;
  readonly providers: readonly string[];
  /** The files of its `--client-key` flags: one at most, holding its private JWK. */
  readonly keyFiles: readonly string[];
}

/** What every client shares: how it authenticates, where its routes are. */
export interface ClientRules {
  /** `undefined` in FAPI 2.0 mode: every client is `private_key_jwt` there, with no secret. */
  readonly clientAuth: DemoClientAuth | undefined;
  readonly basePath: string;
  readonly randomSecret: () => string;
  /** Reads a `--client-key` file (UTF-8). */
  readonly readFile: (path: string) => string;
}

/** identity-web's rule for a name under `identityProviders`. */
const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** The clients registered so far, the ids whose secret was generated, and each problem met. */
export class ClientRegistrations {
  readonly clients: CliClient[] = [];
  readonly generatedSecrets: string[] = [];
  private readonly registeredBy = new Map<string, string>();

  constructor(
    private readonly rules: ClientRules,
    private readonly problems: string[],
  ) {}

  /** Registers the client, or adds a problem for each part that is wrong. */
  register(parts: ClientParts): void {
    const before = this.problems.length;
    this.checkId(parts);
    this.checkSecret(parts);
    this.checkProviders(parts);
    const privateKey = this.keyOf(parts);
    const origin = appOrigin(parts.appUrl);
    if (origin === undefined) this.problems.push(urlProblem(parts));
    if (this.problems.length > before || origin === undefined) return;
    this.registeredBy.set(parts.id, parts.from.id);
    const { clientAuth, basePath } = this.rules;
    this.clients.push({
      clientId: parts.id,
      ...(clientAuth === undefined ? {} : { clientAuth }),
      baseUrl: origin,
      basePath,
      ...this.secretOf(parts),
      ...(privateKey === undefined ? {} : { privateKey }),
      providerNames: [...parts.providers],
    });
  }

  private checkId({ from, id }: ClientParts): void {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(id)) {
      this.problems.push(`${from.id}: the client id must be printable ASCII, without ":" or spaces (got "${id}")`);
    } else if (this.registeredBy.has(id)) {
      this.problems.push(`${from.id}: the client id "${id}" is already registered by ${this.registeredBy.get(id)}`);
    }
  }

  private checkSecret({ from, secret }: ClientParts): void {
    if (secret === undefined) return;
    if (this.rules.clientAuth === undefined) {
      this.problems.push(
        `${from.secret}: a FAPI 2.0 client has no secret (it signs with a key pair made for this run); leave the secret out`,
      );
    } else if (this.rules.clientAuth === 'none') {
      this.problems.push(
        `${from.secret}: a client with client-auth none is public and has no secret; leave the secret out`,
      );
    } else if (secret.length < 32) {
      this.problems.push(
        `${from.secret}: the secret must be at least 32 characters (got ${secret.length}); leave it out for a generated one`,
      );
    } else if (!/^[\x21-\x7e]+$/.test(secret)) {
      this.problems.push(`${from.secret}: the secret must be printable ASCII without spaces`);
    }
  }

  private checkProviders({ from, id, providers }: ClientParts): void {
    const seen = new Set<string>();
    for (const name of providers) {
      const where = from.providers.startsWith('--') ? `${from.providers} ${name}` : from.providers;
      if (!PROVIDER_NAME.test(name)) {
        this.problems.push(
          `${where}: a provider name is 1 to 32 letters, digits, "-" or "_", starting with a letter or digit, as identityProviders takes (got "${name}")`,
        );
      } else if (seen.has(name)) {
        this.problems.push(`${where}: given twice for the client ${id}`);
      }
      seen.add(name);
    }
  }

  /** The private JWK of the client's `--client-key` file, read and checked; `undefined` without one. */
  private keyOf({ id, keyFiles }: ClientParts): DemoClientPrivateJwk | undefined {
    const [file, ...more] = keyFiles;
    if (file === undefined) return undefined;
    const problem = (text: string) => {
      this.problems.push(`--client-key ${file}: ${text}`);
      return undefined;
    };
    if (more.length > 0) return problem(`a client has one key, and ${id} is given ${keyFiles.length}`);
    if (this.rules.clientAuth !== undefined) return problem('a key is for FAPI 2.0 clients only: add --fapi');
    let text: string;
    try {
      text = this.rules.readFile(file);
    } catch (error) {
      return problem(`cannot read it (${(error as { code?: string }).code ?? String(error)})`);
    }
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      return problem('the file is not JSON: it holds a private JWK, as demo:idp --fapi prints');
    }
    const wrong = privateJwkProblem(jwk);
    return wrong === undefined ? (jwk as DemoClientPrivateJwk) : problem(`the key ${wrong}`);
  }

  /** The secret given, one generated, or none (a public client, FAPI 2.0 mode). */
  private secretOf({ id, secret }: ClientParts): { clientSecret?: string } {
    const { clientAuth } = this.rules;
    if (clientAuth === undefined || clientAuth === 'none') return {};
    if (secret !== undefined) return { clientSecret: secret };
    this.generatedSecrets.push(id);
    return { clientSecret: this.rules.randomSecret() };
  }
}

/** A `--client` value split: the app's URL follows the last "@" (an origin has none), the secret the first ":". */
export function splitClientSpec(spec: string): { id: string; secret: string | undefined; appUrl: string } {
  const at = spec.lastIndexOf('@');
  const head = at === -1 ? spec : spec.slice(0, at);
  const colon = head.indexOf(':');
  return {
    id: colon === -1 ? head : head.slice(0, colon),
    secret: colon === -1 ? undefined : head.slice(colon + 1),
    appUrl: at === -1 ? DEFAULT_APP_URL : spec.slice(at + 1),
  };
}

/** Why the app's URL is refused; for a callback URI, the origin (and provider name) to give instead. */
function urlProblem({ from, appUrl }: ClientParts): string {
  const url = URL.parse(appUrl);
  const callback = url === null ? null : /\/callback(?:\/([^/]+))?\/?$/.exec(url.pathname);
  if (url !== null && callback !== null && appOrigin(url.origin) !== undefined) {
    const name = callback[1];
    const provider = from.providers === '--provider' ? `--provider ${name} after it` : `${from.providers}=${name}`;
    return `${from.url}: give the app's origin, ${url.origin}, not its callback: every URI is derived from the origin${name === undefined ? '' : ` (for …/callback/${name}, ${provider})`}`;
  }
  return `${from.url}: the app's URL must be an http origin on localhost or 127.0.0.1 without a path, such as ${DEFAULT_APP_URL} (got "${appUrl}")`;
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
