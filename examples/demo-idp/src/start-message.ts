// What `pnpm demo:idp` prints once the IdP runs: the text only; cli.ts reads the arguments.
import { DEFAULT_APP_URL, DEFAULT_BASE_PATH, type DemoIdpCli } from './cli.js';
import type { RegisteredClient } from './options.js';

/** What the running IdP prints: where it is, every client as registered, and how to use it. */
export function startMessage(
  idp: {
    readonly issuer: string;
    readonly clients: readonly RegisteredClient[];
    readonly api: { readonly resource: string; readonly scopes: readonly string[] };
  },
  cli: Pick<DemoIdpCli, 'generatedSecrets' | 'defaultClient'> & {
    readonly options: Pick<DemoIdpCli['options'], 'clients' | 'backChannel' | 'frontChannel'>;
  },
): string {
  const { issuer } = idp;
  const lines = [
    '',
    `Demo IdP (oidc-provider) running. Issuer: ${issuer}`,
    '',
    `  discovery   ${issuer}/.well-known/openid-configuration`,
    `  API         resource ${idp.api.resource}, scopes ${idp.api.scopes.join(' ')} (JWT access tokens)`,
    `  logout      back-channel ${cli.options.backChannel ? 'on' : 'off'}, front-channel ${cli.options.frontChannel ? 'on' : 'off'}`,
  ];
  if (cli.defaultClient) {
    lines.push(
      '',
      `No client given: registered the default one, for an app at ${DEFAULT_APP_URL}.`,
      'Register yours with --client <id>[:<secret>][@<app-url>] (--help for every option).',
    );
  }
  for (const client of idp.clients) {
    const given = cli.options.clients.find((c) => c.clientId === client.clientId);
    const baseUrl = given?.baseUrl ?? new URL(client.redirectUris[0] ?? issuer).origin;
    const basePath = given?.basePath ?? DEFAULT_BASE_PATH;
    const secretNote = cli.generatedSecrets.includes(client.clientId)
      ? '   (generated for this run)'
      : cli.defaultClient
        ? '   (the documented default)'
        : '';
    const q = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    lines.push(
      '',
      `Client ${client.clientId}`,
      `  client secret             ${client.clientSecret === undefined ? '(none: a public client)' : `${client.clientSecret}${secretNote}`}`,
      `  authentication            ${client.clientAuth}`,
      ...client.redirectUris.map((uri) => `  redirect URI              ${uri}`),
      ...client.postLogoutRedirectUris.map((uri) => `  post-logout redirect URI  ${uri}`),
      `  front-channel logout URI  ${client.frontChannelLogoutUri}`,
      `  back-channel logout URI   ${client.backChannelLogoutUri}`,
      '',
      '  In your app:',
      "    import { createOidcProvider } from '@identity-web/oidc';",
      '',
      '    const identityProvider = createOidcProvider({',
      `      issuer: ${q(issuer)},`,
      `      clientId: ${q(client.clientId)},`,
      ...(client.clientSecret === undefined ? [] : [`      clientSecret: ${q(client.clientSecret)},`]),
      ...(client.clientAuth === 'client_secret_basic' ? [] : [`      clientAuth: ${q(client.clientAuth)},`]),
      '      allowInsecureRequests: true, // plain http to this IdP on 127.0.0.1',
      '    });',
      `    // createIdentityWeb({ identityProvider, baseUrl: ${q(baseUrl)}${basePath === DEFAULT_BASE_PATH ? '' : `, basePath: ${q(basePath)}`}, secret, … })`,
    );
  }
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
