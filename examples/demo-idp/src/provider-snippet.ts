// The code `pnpm demo:idp` prints for an app to paste: its `identityProvider`, or its
// `identityProviders` by name, each a `createOidcProvider` call with the options the IdP registered.
import type { RegisteredClient } from './options.js';
import { DEFAULT_BASE_PATH } from './usage.js';

/** One registration of the app: at the IdP of `issuer`, which the app names `providerName`. */
export interface AppRegistration {
  readonly providerName: string | undefined;
  readonly issuer: string;
  readonly client: RegisteredClient;
}

/** A JavaScript string literal, in single quotes. */
export function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The lines of the app's code, unindented: the import, the provider(s), then how to use them. */
export function providerSnippet(
  app: { readonly baseUrl: string; readonly basePath: string },
  registrations: readonly AppRegistration[],
): string[] {
  const [single] = registrations;
  const named = single?.providerName !== undefined;
  const variable = named ? 'identityProviders' : 'identityProvider';
  const basePath = app.basePath === DEFAULT_BASE_PATH ? '' : `, basePath: ${quoted(app.basePath)}`;
  const fapi = registrations.some(({ client }) => client.privateKey !== undefined);
  return [
    `import { createOidcProvider${fapi ? ', dpopBinding, privateKeyJwt' : ''} } from '@identity-web/oidc';`,
    '',
    ...(named ? providersByName(registrations) : single === undefined ? [] : provider(single)),
    `// createIdentityWeb({ ${variable}, baseUrl: ${quoted(app.baseUrl)}${basePath}, secret, … })`,
  ];
}

/** `const identityProvider = createOidcProvider({ … });` */
function provider(registration: AppRegistration): string[] {
  return ['const identityProvider = createOidcProvider({', ...indent(providerOptions(registration)), '});'];
}

/** `const identityProviders = { alpha: createOidcProvider({ … }), … };` */
function providersByName(registrations: readonly AppRegistration[]): string[] {
  const entries = registrations.flatMap((registration) => [
    `${propertyName(registration.providerName ?? '')}: createOidcProvider({`,
    ...indent(providerOptions(registration)),
    '}),',
  ]);
  return ['const identityProviders = {', ...indent(entries), '};'];
}

/** The options of `createOidcProvider` (@identity-web/oidc) for this registration, one per line. */
function providerOptions({ issuer, client }: AppRegistration): string[] {
  return [
    `issuer: ${quoted(issuer)},`,
    `clientId: ${quoted(client.clientId)},`,
    ...(client.clientSecret === undefined ? [] : [`clientSecret: ${quoted(client.clientSecret)},`]),
    ...authentication(client),
    'allowInsecureRequests: true, // plain http to this IdP on 127.0.0.1',
  ];
}

/** How the client authenticates, when not the default (`client_secret_basic` with a secret). */
function authentication(client: RegisteredClient): string[] {
  if (client.privateKey !== undefined) {
    return [
      "profile: 'fapi2', // FAPI 2.0: pushed authorization requests, DPoP-bound tokens",
      'dpop: dpopBinding(),',
      `clientAuth: privateKeyJwt([${JSON.stringify(client.privateKey)}]),`,
    ];
  }
  return client.clientAuth === 'client_secret_basic' ? [] : [`clientAuth: ${quoted(client.clientAuth)},`];
}

/** A provider name as an object key: bare when it is an identifier, else quoted (`'my-idp'`). */
function propertyName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quoted(name);
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
