import { randomBytes } from 'node:crypto';
import type { IdentityWebOptions } from '@identity-web/core';
import {
  type DemoClientPrivateJwk,
  type DemoIdp,
  type DemoInterop,
  startDemoIdp,
} from '@identity-web-examples/demo-idp';
import { startDownstreamApi } from '@identity-web-examples/downstream-api';
import { type ExpressWebApp, startExpressWebApp } from '@identity-web-examples/express-web-app';
import { type FastifyWebApp, startFastifyWebApp } from '@identity-web-examples/fastify-web-app';
import { type HonoWebApp, startHonoWebApp } from '@identity-web-examples/hono-web-app';
import { type KoaWebApp, startKoaWebApp } from '@identity-web-examples/koa-web-app';
import { type NextWebApp, startNextWebApp } from '@identity-web-examples/next-web-app';
import { type DemoStoreOptions, sharesStores, startDemoStores } from './demo-stores.js';
import { choosePorts, type ServiceName } from './ports.js';
import { MIDDLE_TIER_CLIENT_ID, MIDDLE_TIER_SCOPES, startMiddleTiers } from './start-middle-tiers.js';

/** `redis` and `postgres` (demo-stores.ts): the apps' instances on shared stores. */
export interface DemoOptions extends DemoStoreOptions {
  /** The IdP POSTs logout tokens to the apps. Default `true`. */
  readonly backChannel?: boolean;
  /** The IdP's logout page loads the apps' front-channel logout URLs. Default `true`. */
  readonly frontChannel?: boolean;
  /** Ports on 127.0.0.1; 0 means any free port. Default 4000–4007 when free, else any. */
  readonly ports?: Partial<Record<ServiceName, number>>;
  /** Lines worth showing (the IdP's back-channel deliveries). Default: nothing. */
  readonly log?: (line: string) => void;
  /** identity-web's log level in every app (`IDENTITY_WEB_LOG_LEVEL`). Default `warn`. */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Stores for each app instead of its in-memory defaults: tests pass their own to look inside. */
  readonly stores?: { readonly [app in AppName]?: IdentityWebOptions['stores'] };
  /**
   * Every app on `127.0.0.1` (Koa too), told apart by port alone: their cookie names carry the
   * port, so one browser stays signed in to all. Default `false` (Koa on `localhost`).
   */
  readonly oneHost?: boolean;
  /**
   * The IdP behaves as some providers in the field do: it compares Basic client credentials
   * without decoding them, or sends logout tokens without `exp`. Default: neither.
   */
  readonly interop?: DemoInterop;
  /**
   * A second demo IdP, `partner` (another issuer): the Koa app signs in with either, as its
   * identity providers `work` (the first IdP) and `partner`, and the API accepts the access tokens
   * of both. The other apps stay on the first. Default `false` (`pnpm demo` turns it on).
   */
  readonly partner?: boolean;
  /**
   * FAPI 2.0 throughout: the IdP (and the partner IdP, with `partner`) a FAPI 2.0 authorization
   * server — pushed authorization requests required, DPoP-bound tokens with server nonces,
   * `private_key_jwt` with a key pair per app made for this run (no client secrets) — the apps
   * with `IDENTITY_WEB_PROFILE=fapi2` and their private keys, and the API accepting DPoP-bound
   * tokens only, with nonces of its own. Default: `IDENTITY_WEB_DEMO_FAPI` (`1` or `true` turn it
   * on), else `false`.
   */
  readonly fapi?: boolean;
  /**
   * The Next.js app too (`next`): built with `next build` when its sources changed (about a
   * minute), run with `next start` in a process of its own, on the first IdP and the shared
   * store, if any. Default `false` (`pnpm demo` turns it on).
   */
  readonly next?: boolean;
  /**
   * How the IdP returns sign-ins to every app (`IDENTITY_WEB_RESPONSE_MODE`): `form_post` makes it
   * a POST from the IdP's page, cross-site for the Koa app (on `localhost`, the IdP on
   * `127.0.0.1`). With `partner`, the Koa app's `partner` provider stays on `query`. Default
   * `query` (a redirect).
   */
  readonly responseMode?: 'query' | 'form_post';
}

/** The environment variable giving `startDemo`'s `fapi` its default: `1`/`true` on, `0`/`false`/unset off. */
export const DEMO_FAPI_VARIABLE = 'IDENTITY_WEB_DEMO_FAPI';

/** `IDENTITY_WEB_DEMO_FAPI` read: whether the demo runs in FAPI 2.0 mode by default. */
export function fapiByDefault(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = env[DEMO_FAPI_VARIABLE]?.trim().toLowerCase() ?? '';
  if (value === '1' || value === 'true') return true;
  if (value === '' || value === '0' || value === 'false') return false;
  throw new TypeError(`startDemo: ${DEMO_FAPI_VARIABLE} must be 1 (FAPI 2.0 mode) or 0 (got "${value}")`);
}

/** An app's registration at the IdP: a secret, or in FAPI 2.0 mode a private key (the app's own). */
export interface DemoAppClient {
  readonly clientId: string;
  /** Outside FAPI 2.0 mode. */
  readonly clientSecret?: string;
  /** In FAPI 2.0 mode: the app's private JWK for `private_key_jwt` at the (first) IdP. */
  readonly privateKey?: DemoClientPrivateJwk;
}

type AppService = Exclude<ServiceName, 'koa2' | 'partner' | 'next' | 'middle' | 'middle2'>;
/** The demo's web apps: the same app on four frameworks (and Next.js with `next`). */
type AppName = 'koa' | 'hono' | 'express' | 'fastify';

export interface Demo {
  /**
   * Every service's origin; `koa2` only with `redis` or `postgres`, `partner` (the second IdP's
   * issuer) only with `partner`, `next` only with `next`; `middle` (the middle-tier API, which
   * the Koa app's `/chain` calls) outside FAPI 2.0 mode, and `middle2`, its second instance (which
   * `koa2` calls), with `redis` or `postgres` too.
   */
  readonly urls: Readonly<Record<AppService, string>> & {
    readonly koa2?: string;
    readonly middle?: string;
    readonly middle2?: string;
    readonly partner?: string;
    readonly next?: string;
  };
  readonly apps: {
    readonly koa: KoaWebApp;
    readonly hono: HonoWebApp;
    readonly express: ExpressWebApp;
    readonly fastify: FastifyWebApp;
    readonly koa2?: KoaWebApp;
    /** With `next`: a `next start` process (its identity-web instance lives there, not here). */
    readonly next?: NextWebApp;
  };
  /** The Redis both Koa instances share, with `redis` (but not with `redis.clusterNodes`). */
  readonly redisUrl?: string;
  /** The PostgreSQL database both Koa instances share, with `postgres`. */
  readonly databaseUrl?: string;
  /** Each app's registration at the IdP (both Koa instances are one client). */
  readonly clients: Readonly<Record<AppName, DemoAppClient>> & { readonly next?: DemoAppClient };
  /** Whether it runs in FAPI 2.0 mode (`fapi`). */
  readonly fapi: boolean;
  /** Stops everything that started; safe to call twice. */
  stop(): Promise<void>;
}

/** The Koa app's cookie name with `--redis` or `--postgres`, shared by its two instances (on two ports of one host). */
export const KOA_SESSION_COOKIE = 'koa-web-app.session';

/** The scopes the apps consent at sign-in; `api:write` is left for incremental consent. */
export const DEMO_API_SCOPES = 'api:read';

const secret = () => randomBytes(32).toString('base64url');

/** The private key `idp` made for `clientId` in FAPI 2.0 mode. */
function privateKeyAt(idp: DemoIdp, clientId: string): DemoClientPrivateJwk {
  const key = idp.clients.find((c) => c.clientId === clientId)?.privateKey;
  if (key === undefined) throw new Error(`startDemo: the IdP made no key for ${clientId}`);
  return key;
}

/** How an app authenticates at `idp`: its secret, or (FAPI 2.0 mode) the private key the IdP made for it. */
function registration(idp: DemoIdp, client: { clientId: string; clientSecret?: string }): DemoAppClient {
  return client.clientSecret === undefined
    ? { clientId: client.clientId, privateKey: privateKeyAt(idp, client.clientId) }
    : { clientId: client.clientId, clientSecret: client.clientSecret };
}

/** The app's variables for its client authentication at `idp`, and the FAPI 2.0 profile with a key. */
function credentials(idp: DemoIdp, client: { clientId: string; clientSecret?: string }): Record<string, string> {
  const { clientSecret, privateKey } = registration(idp, client);
  return privateKey === undefined
    ? { IDENTITY_WEB_CLIENT_SECRET: clientSecret ?? '' }
    : { IDENTITY_WEB_PROFILE: 'fapi2', IDENTITY_WEB_CLIENT_PRIVATE_KEY: JSON.stringify(privateKey) };
}

/**
 * Starts the demo IdP, the downstream API and the Koa, Hono, Express and Fastify apps as four
 * clients of the IdP (with `partner`, a second IdP as well, the Koa app's second provider); with
 * `fapi`, all of it in FAPI 2.0 mode.
 * Browsers key cookies by host name, not port; the apps' cookie names carry their ports, and the
 * Koa app gets a host name of its own as well — Koa on `localhost`, the others on `127.0.0.1` —
 * so its cookies are easy to tell apart from the Hono app's in the browser's tools.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const shared = sharesStores(options);
  const services: ServiceName[] = [
    'idp',
    'api',
    'koa',
    'hono',
    'express',
    'fastify',
    ...(shared ? (['koa2'] as const) : []),
    ...(options.partner ? (['partner'] as const) : []),
    ...(options.next ? (['next'] as const) : []),
  ];
  const fapi = options.fapi ?? fapiByDefault();
  // The chain's middle tier needs a client secret and plain Bearer token exchange: not in FAPI 2.0 mode.
  if (!fapi) services.push('middle', ...(shared ? (['middle2'] as const) : []));
  // The middle tier follows the API: asked for any free port when the API is (tests), else 4009 and 4010.
  const anyForMiddle = options.ports?.api === 0 ? { middle: 0, middle2: 0 } : {};
  const ports = await choosePorts({ ...anyForMiddle, ...options.ports }, services);
  const koaHost = options.oneHost ? '127.0.0.1' : 'localhost';
  const base = {
    koa: `http://${koaHost}:${ports.koa}`,
    hono: `http://127.0.0.1:${ports.hono}`,
    express: `http://127.0.0.1:${ports.express}`,
    fastify: `http://127.0.0.1:${ports.fastify}`,
  };
  // The second Koa instance shares the first's host name and cookie name, so the browser sends it
  // the same session cookie (cookies ignore ports): one app, reached on two ports.
  const koa2 = shared ? `http://${koaHost}:${ports.koa2}` : undefined;
  // In FAPI 2.0 mode no secrets: each IdP makes every client a key pair (private_key_jwt).
  const clientSecret = () => (fapi ? {} : { clientSecret: secret() });
  const clients = {
    koa: {
      clientId: 'koa-web-app',
      ...clientSecret(),
      baseUrl: base.koa,
      name: 'Koa web app',
      ...(koa2 && { moreBaseUrls: [koa2] }),
    },
    hono: { clientId: 'hono-web-app', ...clientSecret(), baseUrl: base.hono, name: 'Hono web app' },
    express: { clientId: 'express-web-app', ...clientSecret(), baseUrl: base.express, name: 'Express web app' },
    fastify: { clientId: 'fastify-web-app', ...clientSecret(), baseUrl: base.fastify, name: 'Fastify web app' },
  };
  const nextClient = options.next
    ? {
        clientId: 'next-web-app',
        ...clientSecret(),
        baseUrl: `http://127.0.0.1:${ports.next}`,
        name: 'Next.js web app',
      }
    : undefined;
  // With `partner`, the Koa app has two providers and is registered at both IdPs (with a secret or
  // key of its own at the second), each provider's callback under its name (`/auth/callback/work`).
  const koaAtWork = options.partner ? { ...clients.koa, providerName: 'work' } : clients.koa;
  const koaAtPartner = { ...clients.koa, ...clientSecret(), providerName: 'partner' };
  const middleTier = fapi
    ? undefined
    : { clientId: MIDDLE_TIER_CLIENT_ID, clientSecret: secret(), baseUrl: `http://127.0.0.1:${ports.middle}` };
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of stops.splice(0).reverse()) await close();
  };
  try {
    const idp = await startDemoIdp({
      clients: [koaAtWork, clients.hono, clients.express, clients.fastify, ...(nextClient ? [nextClient] : [])],
      port: ports.idp,
      backChannel: options.backChannel ?? true,
      frontChannel: options.frontChannel ?? true,
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.interop === undefined ? {} : { interop: options.interop }),
      fapi,
      ...(middleTier && { middleTier }),
    });
    stops.push(idp.close);
    const partner = options.partner
      ? await startDemoIdp({
          clients: [koaAtPartner],
          port: ports.partner,
          backChannel: options.backChannel ?? true,
          frontChannel: options.frontChannel ?? true,
          ...(options.log === undefined ? {} : { log: (line: string) => options.log?.(`(partner) ${line}`) }),
          ...(options.interop === undefined ? {} : { interop: options.interop }),
          fapi,
        })
      : undefined;
    if (partner !== undefined) stops.push(partner.close);
    const issuers = partner === undefined ? [idp.issuer] : [idp.issuer, partner.issuer];
    // In FAPI 2.0 mode the API takes DPoP-bound tokens only (RFC 9449 §7), and asks for nonces too.
    const api = await startDownstreamApi({
      issuers,
      audience: idp.api.resource,
      port: ports.api,
      ...(fapi && { requireDpop: true, dpopNonce: true }),
    });
    stops.push(api.close);
    const env = (client: typeof clients.koa, port: number) => ({
      IDENTITY_WEB_IDP: 'oidc',
      IDENTITY_WEB_ISSUER: idp.issuer,
      IDENTITY_WEB_CLIENT_ID: client.clientId,
      ...credentials(idp, client),
      IDENTITY_WEB_BASE_URL: client.baseUrl,
      IDENTITY_WEB_SECRET: secret(),
      IDENTITY_WEB_LOG_LEVEL: options.logLevel ?? 'warn',
      DOWNSTREAM_API_URL: api.whoamiUrl,
      DOWNSTREAM_API_SCOPES: DEMO_API_SCOPES,
      DOWNSTREAM_API_EXTRA_SCOPES: 'api:write',
      // The demo IdP's transmitter: its page /ssf/send pushes a security event to every app.
      SHARED_SIGNALS_ISSUER: `${idp.issuer}/ssf`,
      ...(options.responseMode !== undefined && { IDENTITY_WEB_RESPONSE_MODE: options.responseMode }),
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    // One Redis server, the nodes of a Redis Cluster, or a PostgreSQL database (the apps take one).
    const stores = await startDemoStores(options);
    if (stores.stop) stops.push(stores.stop);
    const { env: storesEnv } = stores;
    const middle =
      middleTier === undefined
        ? undefined
        : await startMiddleTiers({
            issuer: idp.issuer,
            clientSecret: middleTier.clientSecret,
            downstreamUrl: api.whoamiUrl,
            storesEnv,
            ports: [ports.middle ?? 0, ...(koa2 === undefined ? [] : [ports.middle2 ?? 0])],
          });
    if (middle !== undefined) stops.push(middle.stop);
    // The Koa app's /chain page calls the middle tier (koa2 its second instance, when there is one).
    const chainEnv = (tier: { chainUrl: string } | undefined) =>
      tier === undefined ? {} : { MIDDLE_TIER_URL: tier.chainUrl, MIDDLE_TIER_SCOPES };
    // With shared stores, both Koa instances get the same environment (the same secret above all) but their
    // port and base URL; one cookie name, so the browser's session cookie reaches both ports.
    const koaEnv = {
      ...env(clients.koa, ports.koa),
      ...chainEnv(middle?.first),
      ...(storesEnv !== undefined && { ...storesEnv, IDENTITY_WEB_SESSION_COOKIE: KOA_SESSION_COOKIE }),
      ...(partner !== undefined && {
        IDENTITY_WEB_PARTNER_ISSUER: partner.issuer,
        IDENTITY_WEB_PARTNER_CLIENT_ID: koaAtPartner.clientId,
        ...(fapi
          ? {
              IDENTITY_WEB_PARTNER_PROFILE: 'fapi2',
              IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY: JSON.stringify(privateKeyAt(partner, koaAtPartner.clientId)),
            }
          : { IDENTITY_WEB_PARTNER_CLIENT_SECRET: koaAtPartner.clientSecret }),
      }),
    };
    const koa = await startKoaWebApp(koaEnv, options.stores?.koa);
    stops.push(koa.close);
    // The other three: one provider each (the first IdP), their own keys or rows in the shared store, if any.
    const honoEnv = { ...env(clients.hono, ports.hono), ...storesEnv };
    const hono = await startHonoWebApp(honoEnv, options.stores?.hono);
    stops.push(hono.close);
    const expressEnv = { ...env(clients.express, ports.express), ...storesEnv };
    const express = await startExpressWebApp(expressEnv, options.stores?.express);
    stops.push(express.close);
    const fastifyEnv = { ...env(clients.fastify, ports.fastify), ...storesEnv };
    const fastify = await startFastifyWebApp(fastifyEnv, options.stores?.fastify);
    stops.push(fastify.close);
    const urls = {
      idp: idp.issuer,
      api: api.url,
      koa: koa.url,
      hono: hono.url,
      express: express.url,
      fastify: fastify.url,
      ...(partner !== undefined && { partner: partner.issuer }),
      ...(middle !== undefined && { middle: middle.first.url }),
      ...(middle?.second !== undefined && { middle2: middle.second.url }),
    };
    const registered = {
      koa: registration(idp, clients.koa),
      hono: registration(idp, clients.hono),
      express: registration(idp, clients.express),
      fastify: registration(idp, clients.fastify),
    };
    let next: NextWebApp | undefined;
    if (nextClient !== undefined) {
      next = await startNextWebApp({ ...env(nextClient, ports.next ?? 0), ...storesEnv });
      stops.push(next.close);
    }
    const apps = { koa, hono, express, fastify, ...(next && { next }) };
    const allUrls = { ...urls, ...(next && { next: next.url }) };
    const allClients =
      next === undefined || nextClient === undefined
        ? registered
        : { ...registered, next: registration(idp, nextClient) };
    if (koa2 === undefined) return { urls: allUrls, apps, clients: allClients, fapi, stop };
    const second = await startKoaWebApp({
      ...koaEnv,
      ...chainEnv(middle?.second),
      IDENTITY_WEB_BASE_URL: koa2,
      PORT: String(ports.koa2),
    });
    stops.push(second.close);
    return {
      urls: { ...allUrls, koa2: second.url },
      apps: { ...apps, koa2: second },
      clients: allClients,
      fapi,
      redisUrl: stores.redisUrl,
      databaseUrl: stores.databaseUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
