// The middle tier of the demo chain: an API the web app calls with the user's token, which calls
// the downstream API on behalf of that user (RFC 8693 token exchange) and forgets those tokens
// when the provider's back-channel logout reaches it.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIdentityWebError } from '@identity-web/core';
import { type ApiIntrospectionOptions, type ApiStoreOptions, createIdentityWebApi } from '@identity-web/core/api';
import { type ApiState, apiBackChannelLogout, apiSecurityEvents, protectApi } from '@identity-web/koa';
import { createOidcApiProvider, sharedSignalsTransmitter } from '@identity-web/oidc';
import { createPostgresStores } from '@identity-web/postgres';
import { createRedisStores } from '@identity-web/redis';
import Koa from 'koa';

export interface MiddleTierApiOptions {
  /** The IdP whose access tokens it accepts, and where it exchanges them. */
  readonly issuer: string;
  /** Its client at the IdP, for the token exchange (`client_secret_basic`). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Its resource indicator, the `aud` of the tokens it accepts. Default `api://identity-web-demo-middle`. */
  readonly audience?: string;
  /** A token must carry every one of these. Default `['middle:read']`. */
  readonly scopes?: readonly string[];
  /** The downstream API: its `whoami` URL, resource indicator and the scopes asked for it. */
  readonly downstream: { readonly url: string; readonly resource?: string; readonly scopes?: readonly string[] };
  /** At least 32 characters, the same on every instance: it seals the tokens had on behalf of users. */
  readonly secret: string;
  /**
   * Where those tokens and the ended sessions live: `redis` (a server's URL, or a Redis Cluster's
   * nodes), `postgres` (a database URL), or
   * `stores` given whole (tests look inside). Share one between instances, or a sign-out that
   * reaches one instance leaves the others' tokens. Default: this process's memory.
   */
  readonly redis?: { readonly url: string } | { readonly cluster: { readonly rootNodes: readonly string[] } };
  readonly postgres?: { readonly url: string };
  readonly stores?: ApiStoreOptions;
  /**
   * A Shared Signals transmitter whose CAEP and RISC events, pushed to `POST /security-events`,
   * remove the tokens had on behalf of the users they name: its issuer (the demo IdP's is
   * `<issuer>/ssf`). Default: none, and that route answers 404.
   */
  readonly sharedSignals?: { readonly issuer: string };
  /**
   * Opaque access tokens, asked about at the provider with its client (RFC 7662): `true` or the
   * options of `createIdentityWebApi`'s `introspection`. Default: off, an opaque token is refused.
   */
  readonly introspection?: true | ApiIntrospectionOptions;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
}

export interface MiddleTierApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The endpoint the web app calls: `GET <url>/chain`. */
  readonly chainUrl: string;
  close(): Promise<void>;
}

/** A token's first 12 characters of SHA-256 (base64url): tells tokens apart on a page, and is no token. */
export function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 12);
}

/** The stores the options name, opened here (closed with the API), or given whole. */
function openStores(options: MiddleTierApiOptions) {
  const { redis, postgres, stores } = options;
  if ([redis, postgres, stores].filter((s) => s !== undefined).length > 1) {
    throw new TypeError('startMiddleTierApi: set at most one of "redis", "postgres" and "stores"');
  }
  if (redis !== undefined) {
    const where = 'url' in redis ? { url: redis.url } : { cluster: { rootNodes: [...redis.cluster.rootNodes] } };
    return { stores: createRedisStores(where), owned: true };
  }
  if (postgres !== undefined) return { stores: createPostgresStores({ url: postgres.url }), owned: true };
  return { stores, owned: false };
}

/**
 * Starts the middle tier on 127.0.0.1. `GET /chain` with a token for its resource answers who
 * called (`sub`, `client_id`), the token it had for the downstream API on the caller's behalf
 * (its fingerprint, scopes, expiry: never the token) and what the downstream API answered with it.
 * `POST /back-channel-logout` takes the IdP's logout tokens: the user's tokens go, and every token
 * of the ended session (`sid`) is refused from then on. With `sharedSignals`, `POST
 * /security-events` takes the transmitter's CAEP and RISC events about a user the same way.
 *
 * @example
 * const middle = await startMiddleTierApi({ issuer, clientId, clientSecret, secret, downstream: { url: api.whoamiUrl } });
 */
export async function startMiddleTierApi(options: MiddleTierApiOptions): Promise<MiddleTierApi> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => handle?.(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { stores, owned } = openStores(options);
  const closeStores = async () => {
    if (owned) await (stores as { close(): Promise<void> }).close();
  };
  const downstream = {
    url: options.downstream.url,
    resource: options.downstream.resource ?? 'api://identity-web-demo',
    scopes: options.downstream.scopes ?? ['api:read'],
  };
  let api: ReturnType<typeof createIdentityWebApi>;
  try {
    api = createIdentityWebApi({
      identityProvider: createOidcApiProvider({
        issuer: options.issuer,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        allowInsecureRequests: options.issuer.startsWith('http:'),
      }),
      audience: options.audience ?? 'api://identity-web-demo-middle',
      baseUrl: url,
      secret: options.secret,
      ...(options.introspection !== undefined && { introspection: options.introspection }),
      ...(stores !== undefined && { stores }),
      ...(options.sharedSignals !== undefined && {
        sharedSignals: {
          transmitter: sharedSignalsTransmitter({
            issuer: options.sharedSignals.issuer,
            allowInsecureRequests: options.sharedSignals.issuer.startsWith('http:'),
          }),
        },
      }),
    });
  } catch (error) {
    server.close();
    await closeStores();
    throw error;
  }
  const app = new Koa<ApiState>();
  const chain = protectApi(api, { scopes: options.scopes ?? ['middle:read'] });
  const logout = apiBackChannelLogout(api);
  const events = options.sharedSignals === undefined ? undefined : apiSecurityEvents(api);
  app.use(async (ctx, next) => {
    if (ctx.path === '/back-channel-logout' && ctx.method === 'POST') return logout(ctx, next);
    if (ctx.path === '/security-events' && ctx.method === 'POST' && events) return events(ctx, next);
    if (ctx.path === '/chain' && ctx.method === 'GET') return chain(ctx, next);
    ctx.status = 404;
    ctx.body = { error: 'not_found' };
  });
  app.use(async (ctx) => {
    const caller = ctx.state.api;
    ctx.set('cache-control', 'no-store');
    const called = { sub: caller.subject, client_id: caller.clientId, scope: caller.scopes.join(' ') };
    try {
      const token = await api.acquireTokenOnBehalfOf(caller, {
        scopes: downstream.scopes,
        resource: downstream.resource,
      });
      const response = await fetch(downstream.url, {
        headers: { authorization: `${token.tokenType} ${token.accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      if (response === undefined) {
        ctx.status = 502;
        ctx.body = {
          caller: called,
          error: 'downstream_unreachable',
          error_description: `no answer from ${downstream.url}`,
        };
        return;
      }
      const text = await response.text();
      ctx.body = {
        caller: called,
        onBehalfOf: { fingerprint: fingerprint(token.accessToken), scopes: token.scopes, expiresAt: token.expiresAt },
        downstream: { url: downstream.url, status: response.status, body: parsed(text) },
      };
    } catch (error) {
      // The exchange refused (a sign-in to redo: 401), or the IdP or a store down (5xx): said in
      // identity-web's own words, which never quote a token.
      if (!isIdentityWebError(error)) throw error;
      ctx.status = error.status;
      ctx.body = { caller: called, error: error.code, error_description: error.message };
    }
  });
  handle = app.callback();
  return {
    url,
    chainUrl: `${url}/chain`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeStores(); // last: nothing is served any more
    },
  };
}

/** JSON, or the start of the text. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}
