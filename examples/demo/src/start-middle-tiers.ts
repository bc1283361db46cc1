// The demo chain's middle tier (web app → middle tier → downstream API): one instance, or two on
// the stores the Koa app's two instances share, each on the demo's shared Redis or PostgreSQL.
import { randomBytes } from 'node:crypto';
import { type MiddleTierApi, startMiddleTierApi } from '@identity-web-examples/middle-tier-api';

/** Its client at the demo IdP (a confidential client that may use RFC 8693 token exchange). */
export const MIDDLE_TIER_CLIENT_ID = 'middle-tier-api';
/** The scope the Koa app asks for the middle tier (consented at sign-in). */
export const MIDDLE_TIER_SCOPES = 'middle:read';

export interface MiddleTiers {
  readonly first: MiddleTierApi;
  /** With shared stores: the second instance, on the same stores and secret. */
  readonly second: MiddleTierApi | undefined;
  stop(): Promise<void>;
}

/** The stores' variables as startDemoStores gives them: REDIS_URL, REDIS_CLUSTER_NODES or DATABASE_URL. */
function storesOf(env: Readonly<Record<string, string>> | undefined) {
  if (env?.REDIS_URL !== undefined) return { redis: { url: env.REDIS_URL } };
  if (env?.REDIS_CLUSTER_NODES !== undefined) {
    return { redis: { cluster: { rootNodes: env.REDIS_CLUSTER_NODES.split(',') } } };
  }
  if (env?.DATABASE_URL !== undefined) return { postgres: { url: env.DATABASE_URL } };
  return {};
}

/**
 * Starts the middle tier on `ports[0]` (where the IdP sends its logout tokens), and with shared
 * stores a second instance on `ports[1]`: one secret, one client, one set of stores, as two
 * instances of one API behind a load balancer.
 */
export async function startMiddleTiers(options: {
  readonly issuer: string;
  readonly clientSecret: string;
  readonly downstreamUrl: string;
  readonly storesEnv: Readonly<Record<string, string>> | undefined;
  readonly ports: readonly number[];
}): Promise<MiddleTiers> {
  const common = {
    issuer: options.issuer,
    clientId: MIDDLE_TIER_CLIENT_ID,
    clientSecret: options.clientSecret,
    secret: randomBytes(32).toString('base64url'),
    downstream: { url: options.downstreamUrl },
    // The demo IdP's transmitter pushes its security events to the middle tier too.
    sharedSignals: { issuer: `${options.issuer}/ssf` },
    ...storesOf(options.storesEnv),
  };
  const first = await startMiddleTierApi({ ...common, port: options.ports[0] ?? 0 });
  const [, secondPort] = options.ports;
  let second: MiddleTierApi | undefined;
  try {
    second = secondPort === undefined ? undefined : await startMiddleTierApi({ ...common, port: secondPort });
  } catch (error) {
    await first.close();
    throw error;
  }
  return {
    first,
    second,
    stop: async () => {
      await second?.close();
      await first.close();
    },
  };
}
