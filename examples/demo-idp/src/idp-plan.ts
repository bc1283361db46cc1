// Which demo IdPs `pnpm demo:idp` starts for its clients: one per provider name, since identity-web
// refuses two of an app's `identityProviders` with one issuer (logouts are told apart by issuer),
// and one more, unnamed, for the apps with a single `identityProvider`.
import type { CliClient } from './cli-clients.js';
import type { DemoMiddleTier } from './middle-tier.js';
import type { DemoClient, DemoIdpOptions } from './options.js';

/** The CLI's options for every IdP together. */
export interface CliOptions {
  readonly clients: readonly CliClient[];
  /** The first IdP's port; the others take the ports after it (or 0: each any free one). */
  readonly port: number;
  readonly backChannel: boolean;
  readonly frontChannel: boolean;
  readonly fapi: boolean;
  /** A middle-tier API, registered at the first IdP (the one of the apps' single provider, if any). */
  readonly middleTier?: DemoMiddleTier;
}

/** One IdP to start: the provider name the apps give it (none: their single provider), and its options. */
export interface PlannedIdp {
  readonly providerName: string | undefined;
  readonly options: DemoIdpOptions & { readonly port: number };
}

/**
 * The IdPs' provider names, in the order the clients first give them; `undefined` for the IdP of
 * the clients that give none.
 */
export function idpNames(clients: readonly Pick<CliClient, 'providerNames'>[]): (string | undefined)[] {
  const names = clients.flatMap((c): (string | undefined)[] =>
    c.providerNames.length === 0 ? [undefined] : [...c.providerNames],
  );
  return [...new Set(names)];
}

/** Every IdP to start, each with the clients that named it, registered with that name's callback. */
export function planIdps(options: CliOptions): PlannedIdp[] {
  return idpNames(options.clients).map((providerName, i) => ({
    providerName,
    options: {
      clients: options.clients.filter((c) => namesIdp(c, providerName)).map((c) => demoClient(c, providerName)),
      port: options.port === 0 ? 0 : options.port + i,
      backChannel: options.backChannel,
      frontChannel: options.frontChannel,
      fapi: options.fapi,
      ...(i === 0 && options.middleTier !== undefined && { middleTier: options.middleTier }),
    },
  }));
}

function namesIdp(client: CliClient, providerName: string | undefined): boolean {
  return providerName === undefined ? client.providerNames.length === 0 : client.providerNames.includes(providerName);
}

function demoClient({ providerNames: _, ...client }: CliClient, providerName: string | undefined): DemoClient {
  return providerName === undefined ? client : { ...client, providerName };
}
