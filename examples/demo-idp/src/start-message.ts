// What `pnpm demo:idp` prints once its IdPs run: the text only; cli.ts reads the arguments.
import type { CliOptions, DemoIdpCli } from './cli.js';
import { middleTierLines } from './middle-tier-message.js';
import type { RegisteredClient } from './options.js';
import { type AppRegistration, providerSnippet } from './provider-snippet.js';
import { DEFAULT_APP_URL } from './usage.js';

/** A running IdP as the message shows it, with the provider name the apps give it. */
export interface ShownIdp {
  readonly providerName: string | undefined;
  readonly idp: {
    readonly issuer: string;
    readonly clients: readonly RegisteredClient[];
    readonly api: { readonly resource: string; readonly scopes: readonly string[] };
    readonly middleTier?: { readonly resource: string; readonly scopes: readonly string[] };
  };
}

/** What the message reads of the command line. */
export type ShownCli = Pick<DemoIdpCli, 'generatedSecrets' | 'defaultClient'> & {
  readonly options: Pick<CliOptions, 'clients' | 'backChannel' | 'frontChannel' | 'fapi' | 'middleTier'>;
};

/** The width of the labels of a client's lines ("post-logout redirect URI" and two spaces). */
const LABEL = 26;

/** What the running IdPs print: where they are, every client as registered, and how to use it. */
export function startMessage(idps: readonly ShownIdp[], cli: ShownCli): string {
  const lines = [...headline(idps), ...common(idps, cli)];
  if (cli.defaultClient) {
    lines.push(
      '',
      `No client given: registered the default one, for an app at ${DEFAULT_APP_URL}.`,
      'Register yours with --client <id>[:<secret>][@<app-url>] (--help for every option).',
    );
  }
  for (const client of cli.options.clients) {
    const registrations = idps.flatMap(({ providerName, idp }) =>
      idp.clients
        .filter((c) => c.clientId === client.clientId)
        .map((c) => ({ providerName, issuer: idp.issuer, client: c })),
    );
    lines.push('', ...clientLines(client, registrations, cli));
  }
  lines.push(...middleTierLines(idps[0], cli));
  lines.push(
    '',
    'Sign in: any user name (it becomes the subject, e.g. "alice") and any password (required by',
    'the form, never checked), then one consent click per app.',
    'Everything lives in memory: a restart forgets sessions, refresh tokens and the signing key.',
    '',
    'Press Ctrl-C to stop.',
    '',
  );
  return lines.join('\n');
}

/** Where the IdP is; with several, one line per provider name. */
function headline(idps: readonly ShownIdp[]): string[] {
  const discovery = (issuer: string) => `${issuer}/.well-known/openid-configuration`;
  const [only] = idps;
  if (idps.length === 1 && only !== undefined) {
    const name = only.providerName === undefined ? '' : ` for provider ${only.providerName}`;
    return [
      '',
      `Demo IdP${name} (oidc-provider) running. Issuer: ${only.idp.issuer}`,
      '',
      `  discovery   ${discovery(only.idp.issuer)}`,
    ];
  }
  return [
    '',
    `Demo IdPs (oidc-provider) running, one per provider name: identity-web wants a distinct issuer per provider.`,
    '',
    ...idps.map(
      ({ providerName, idp }) =>
        `  ${(providerName ?? '(unnamed)').padEnd(10)}  issuer ${idp.issuer}   discovery ${discovery(idp.issuer)}`,
    ),
  ];
}

/** What every IdP shares: the API, the logout channels, FAPI 2.0 mode. */
function common(idps: readonly ShownIdp[], cli: ShownCli): string[] {
  const api = idps[0]?.idp.api;
  return [
    ...(api === undefined
      ? []
      : [`  API         resource ${api.resource}, scopes ${api.scopes.join(' ')} (JWT access tokens)`]),
    `  logout      back-channel ${cli.options.backChannel ? 'on' : 'off'}, front-channel ${cli.options.frontChannel ? 'on' : 'off'}`,
    ...(cli.options.fapi
      ? [
          '  FAPI 2.0    pushed authorization requests required, DPoP-bound tokens (server nonces),',
          '              private_key_jwt (ES256) with a key pair made for each client this run, or',
          '              the one of its --client-key',
        ]
      : []),
    ...sharedSignalsLines(idps, cli),
  ];
}

/**
 * The Shared Signals transmitter beside each IdP (`<issuer>/ssf`), the page that pushes events,
 * where they go, and the option an app needs to receive them (docs/shared-signals.md).
 */
function sharedSignalsLines(idps: readonly ShownIdp[], cli: ShownCli): string[] {
  const [first] = idps;
  if (first === undefined) return [];
  const basePath = cli.options.clients[0]?.basePath ?? '/auth';
  const each = idps.length > 1 ? ' (each IdP has its own, at <its issuer>/ssf)' : '';
  return [
    `  Shared Signals  transmitter issuer ${first.idp.issuer}/ssf${each}; its page`,
    `              ${first.idp.issuer}/ssf/send pushes a CAEP or RISC event about a user to`,
    `              <app-url>${basePath}/security-events of every app registered here. To receive them:`,
    `              sharedSignals: { transmitter: sharedSignalsTransmitter({ issuer: '${first.idp.issuer}/ssf', allowInsecureRequests: true }) }`,
    "              in createIdentityWeb, with sharedSignalsTransmitter from '@identity-web/oidc'",
  ];
}

/** One client: how it authenticates, every URI registered, and the code for its app. */
function clientLines(
  client: ShownCli['options']['clients'][number],
  registrations: readonly AppRegistration[],
  cli: ShownCli,
): string[] {
  const [first] = registrations;
  if (first === undefined) return [`Client ${client.clientId}: registered nowhere`];
  const registered = first.client;
  const line = (label: string, value: string) => `  ${label.padEnd(LABEL - 2)}  ${value}`.trimEnd();
  // With several providers each redirect URI names its IdP, the names aligned after the longest URI.
  const width = Math.max(...registrations.flatMap((r) => r.client.redirectUris.map((uri) => uri.length)));
  const redirect = (uri: string, { providerName, issuer }: AppRegistration) =>
    providerName === undefined ? uri : `${uri.padEnd(width)}   (provider ${providerName}, ${issuer})`;
  return [
    `Client ${client.clientId}`,
    line('client secret', secretText(registered, cli)),
    line('authentication', registered.clientAuth),
    ...privateKeyLines(registrations, line),
    ...registrations.flatMap((r) => r.client.redirectUris.map((uri) => line('redirect URI', redirect(uri, r)))),
    ...registered.postLogoutRedirectUris.map((uri) => line('post-logout redirect URI', uri)),
    line('front-channel logout URI', registered.frontChannelLogoutUri),
    line('back-channel logout URI', registered.backChannelLogoutUri),
    '',
    '  In your app:',
    ...providerSnippet(client, registrations).map((text) => (text === '' ? '' : `    ${text}`)),
    ...signInHint(client, registrations),
  ];
}

/** With named providers, how a sign-in picks one (identity-web's `?provider=`). */
function signInHint(client: ShownCli['options']['clients'][number], registrations: readonly AppRegistration[]) {
  const names = registrations.flatMap(({ providerName }) => (providerName === undefined ? [] : [providerName]));
  if (names.length === 0) return [];
  return [
    '',
    `  Sign in through one: ${client.baseUrl}${client.basePath}/sign-in?provider=<name> (${names.join(', ')});`,
    '  without ?provider=, identity-web shows a page that lists them.',
  ];
}

function secretText(client: RegisteredClient, cli: ShownCli): string {
  if (client.privateKey !== undefined) return '(none: FAPI 2.0, private_key_jwt with the private key below)';
  if (client.clientSecret === undefined) return '(none: a public client)';
  const note = cli.generatedSecrets.includes(client.clientId)
    ? '   (generated for this run)'
    : cli.defaultClient
      ? '   (the documented default)'
      : '';
  return `${client.clientSecret}${note}`;
}

/** In FAPI 2.0 mode, the client's private JWK at each IdP (made for this run), one line each. */
function privateKeyLines(
  registrations: readonly AppRegistration[],
  line: (label: string, value: string) => string,
): string[] {
  return registrations.flatMap(({ providerName, client }) =>
    client.privateKey === undefined
      ? []
      : [
          line(
            `private key${providerName === undefined ? ' (JWK)' : ` at ${providerName}`}`,
            JSON.stringify(client.privateKey),
          ),
        ],
  );
}
