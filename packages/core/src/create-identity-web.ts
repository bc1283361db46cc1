// `createIdentityWeb`: builds one instance, wiring settings, stores, providers, use cases and HTTP together.
import { HotIndex } from './cache/hot-index.js';
import { SessionMemo } from './cache/session-memo.js';
import { type DependencyContainer, rememberContainer, container as rootContainer } from './config/di.js';
import { DI_KEYS } from './config/di-keys.js';
import { NO_DOWNSTREAM_APIS } from './config/downstream-apis.js';
import type { IdentityWebOptions } from './config/options.js';
import { namedProvider, Providers } from './config/providers.js';
import { resolveProviders, resolveSettings } from './config/resolve-settings.js';
import type { SharedSignalsResolver } from './config/resolve-shared-signals.js';
import type { SessionList } from './config/session-options.js';
import type { Settings } from './config/settings.js';
import { CookieSigner } from './crypto/cookie-signer.js';
import { RecordCipher } from './crypto/record-cipher.js';
import { AuthContextFactory } from './http/auth-context-factory.js';
import { AuthHttp } from './http/auth-http.js';
import { AuthRouter, type OptInRoute } from './http/auth-router.js';
import { Challenge } from './http/challenge.js';
import { ErrorBoundary } from './http/error-boundary.js';
import { HostWarning } from './http/host-warning.js';
import { LogoutNotificationRoutes } from './http/logout-notification.routes.js';
import { logUrisToRegister } from './http/registration-line.js';
import { SessionCookie } from './http/session-cookie.js';
import { SignInRoutes } from './http/sign-in.routes.js';
import { SignOutRoutes } from './http/sign-out.routes.js';
import { type IdentityWeb, identityWebOf, type WiredReceiver } from './identity-web.js';
import { consoleLogger } from './observability/console-logger.js';
import { EventHub } from './observability/event-hub.js';
import { logEvents, type On } from './observability/event-log.js';
import { observedIdentityProvider } from './observability/observed-identity-provider.js';
import { systemClock } from './ports/clock.port.js';
import type { Logger } from './ports/logger.port.js';
import { Partitions } from './records/partitions.js';
import { SessionRecords } from './records/session-records.js';
import { givenStores, storeOrMemory, WEB_APP_PORTS } from './stores/store-defaults.js';
import { USE_CASES } from './use-cases/index.js';
import { SESSION_LIST_OFF, type SessionListing } from './use-cases/user-sessions.js';

const HTTP_SERVICES = [
  SessionCookie,
  SignInRoutes,
  SignOutRoutes,
  LogoutNotificationRoutes,
  HostWarning,
  AuthRouter,
  AuthContextFactory,
  Challenge,
  ErrorBoundary,
  AuthHttp,
] as const;

/**
 * The receiver a Shared Signals transmitter carries, as the composition root wires it: the core's
 * own, `securityEventReceiver` (security-event-receiver.ts). Nothing here imports it, so an app
 * without `sharedSignals` bundles none of it.
 */
export interface ReceiverWiring extends SharedSignalsResolver {
  /** Registers its use cases in the instance's container and starts its poll timer. */
  wire(
    container: DependencyContainer,
    settings: Settings,
    logger: Logger,
    on: On,
  ): WiredReceiver & { readonly routes: readonly OptInRoute[] };
}

/**
 * The session list as the composition root wires it: the core's own, `sessionList`
 * (session-list.ts), given as `session.list`. Nothing here imports it either.
 */
export interface SessionListWiring extends SessionList {
  /** Registers its use cases and route in the instance's container. */
  wire(container: DependencyContainer): SessionListing & { readonly routes: readonly OptInRoute[] };
}

/**
 * Builds an identity-web instance: validates options, registers the defaults (in-memory
 * stores) and any overrides in a fresh child container.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { createOidcProvider } from '@identity-web/oidc';
 *
 * const identity = createIdentityWeb({
 *   identityProvider: createOidcProvider({ issuer, clientId, clientSecret }),
 *   baseUrl: 'https://app.example.com',
 *   secret: process.env.IDENTITY_WEB_SECRET!,
 * });
 * ```
 *
 * @see OpenID Connect Core 1.0 §3.1 (Authentication using the Authorization Code Flow): the
 * sign-in the instance runs, with PKCE (RFC 7636 §4).
 *
 * @group Setup
 */
export function createIdentityWeb(options: IdentityWebOptions): IdentityWeb {
  const settings = resolveSettings(options);
  const configured = resolveProviders(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger();
  // Before any store operation: a shared store (one Redis, several apps) picks this app's namespace.
  const first = configured[0]!.idp;
  const stores = givenStores(options.stores, { issuer: first.issuer, clientId: first.clientId ?? '' }, WEB_APP_PORTS);
  const tokenCacheStore = storeOrMemory(stores, 'tokenCacheStore', clock);
  const bus = storeOrMemory(stores, 'invalidationBus', clock);
  const sessionStore = storeOrMemory(stores, 'sessionStore', clock);
  const registry = storeOrMemory(stores, 'accountRegistry', clock);
  const hot = new HotIndex(clock, { maxAccounts: settings.hotIndexMaxAccounts });
  const events = new EventHub(logger);
  const memo = new SessionMemo(clock, settings.sessionMemo ? 100_000 : 0, settings.sessionIdleMs);

  const c = rootContainer.createChildContainer();
  c.register(DI_KEYS.Settings, { useValue: settings });
  const providers = new Providers(
    configured.map(({ name, idp }) => {
      const observed = observedIdentityProvider(idp, events, logger, name);
      return name === undefined
        ? { name, idp: observed, redirectUri: settings.redirectUri }
        : { name, idp: namedProvider(name, observed), redirectUri: `${settings.redirectUri}/${name}` };
    }),
  );
  c.register(Providers, { useValue: providers });
  logUrisToRegister(settings, providers.all, logger);
  c.register(DI_KEYS.AccountRegistry, { useValue: registry });
  c.register(DI_KEYS.RefreshLease, { useValue: storeOrMemory(stores, 'refreshLease', clock) });
  c.register(DI_KEYS.InvalidationBus, { useValue: bus });
  c.register(DI_KEYS.ReplayCache, { useValue: storeOrMemory(stores, 'replayCache', clock) });
  c.register(DI_KEYS.Clock, { useValue: clock });
  c.register(DI_KEYS.Logger, { useValue: logger });
  c.register(DI_KEYS.EventSink, { useValue: events });
  c.register(HotIndex, { useValue: hot });
  c.register(SessionMemo, { useValue: memo });
  c.register(DI_KEYS.CookieSigner, { useValue: new CookieSigner(settings.secrets) });
  // One key per purpose (HKDF labels), so a record of one kind never opens as another.
  const partitionCipher = new RecordCipher(settings.secrets, 'token cache v1');
  const partitions = new Partitions(tokenCacheStore, partitionCipher, settings.cacheTtlSeconds, logger);
  c.register(Partitions, { useValue: partitions });
  const sessionCipher = new RecordCipher(settings.secrets, 'session v1');
  c.register(SessionRecords, {
    useValue: new SessionRecords(sessionStore, sessionCipher, clock, settings.sessionIdleMs),
  });
  c.register(DI_KEYS.TransactionCipher, { useValue: new RecordCipher(settings.secrets, 'sign-in v1') });
  for (const service of [...USE_CASES, ...HTTP_SERVICES]) c.registerSingleton(service as never);
  // Checked by resolveSettings: the transmitter carries the core's receiver.
  const receiver = settings.sharedSignals?.transmitter.receiver as ReceiverWiring | undefined;
  const on: On = (name, handler) => events.on(name, handler);
  const securityEvents = receiver?.wire(c, settings, logger, on) ?? null;
  // Checked by resolveSettings: `session.list` is the core's sessionList.
  const sessions = (settings.sessionList as SessionListWiring | null)?.wire(c) ?? null;
  c.register(DI_KEYS.SessionList, { useValue: sessions ?? SESSION_LIST_OFF });
  // The downstreamApi() values carry callApi's use case: without them, callApi says none is configured.
  c.register(DI_KEYS.DownstreamCalls, { useValue: settings.downstreamWiring?.(c) ?? NO_DOWNSTREAM_APIS });
  c.register(DI_KEYS.OptInRoutes, { useValue: [...(securityEvents?.routes ?? []), ...(sessions?.routes ?? [])] });

  const stopLogging = logEvents(on, logger);
  // Another instance removed an account or ended a session: drop our in-process copies.
  const unsubscribe = bus.subscribe((message) => {
    if (message.type === 'account-removed') {
      hot.evict(message.accountKey);
      memo.dropAccount(message.accountKey);
    } else memo.dropSession(message.sessionId);
  });

  const identity = identityWebOf({
    container: c,
    providers: Object.freeze(configured.flatMap(({ name }) => (name === undefined ? [] : [name]))),
    events,
    partitions,
    tokenCacheStore,
    sessionStore,
    hot,
    securityEvents,
    close: () => {
      securityEvents?.stop();
      unsubscribe();
      stopLogging();
    },
  });
  rememberContainer(identity, c);
  return identity;
}
