// `createIdentityWeb`: builds one instance, wiring settings, stores, providers, use cases and HTTP together.
import { HotIndex } from './cache/hot-index.js';
import { SessionMemo } from './cache/session-memo.js';
import { rememberContainer, container as rootContainer } from './config/di.js';
import { DI_KEYS } from './config/di-keys.js';
import type { IdentityWebOptions } from './config/options.js';
import { namedProvider, Providers } from './config/providers.js';
import { resolveProviders, resolveSettings } from './config/resolve-settings.js';
import { CookieSigner } from './crypto/cookie-signer.js';
import { RecordCipher } from './crypto/record-cipher.js';
import type { Account } from './domain/account.js';
import { invalidArgument } from './domain/errors.js';
import type { EventHandler, EventName } from './domain/events.js';
import type { AccessToken } from './domain/token.js';
import { AuthContextFactory } from './http/auth-context-factory.js';
import { AuthHttp } from './http/auth-http.js';
import { AuthRouter } from './http/auth-router.js';
import { Challenge } from './http/challenge.js';
import { ErrorBoundary } from './http/error-boundary.js';
import { HostWarning } from './http/host-warning.js';
import { LogoutNotificationRoutes } from './http/logout-notification.routes.js';
import { logUrisToRegister } from './http/registration-line.js';
import { SecurityEventRoutes } from './http/security-event.routes.js';
import { SessionCookie } from './http/session-cookie.js';
import { SignInRoutes } from './http/sign-in.routes.js';
import { SignOutRoutes } from './http/sign-out.routes.js';
import type { AuthHttpSurface } from './http/types.js';
import { consoleLogger } from './observability/console-logger.js';
import { EventHub } from './observability/event-hub.js';
import { logEvents } from './observability/event-log.js';
import type { IdentityWebStats } from './observability/metrics.js';
import { observedIdentityProvider } from './observability/observed-identity-provider.js';
import { systemClock } from './ports/clock.port.js';
import type { InvalidationBus } from './ports/invalidation-bus.port.js';
import type { TokenCacheStore } from './ports/token-cache-store.port.js';
import { Partitions } from './records/partitions.js';
import { SessionRecords } from './records/session-records.js';
import { inProcessRefreshLease } from './stores/in-process-refresh-lease.js';
import { MemoryAccountRegistry } from './stores/memory-account-registry.js';
import { MemoryInvalidationBus } from './stores/memory-invalidation-bus.js';
import { MemoryReplayCache } from './stores/memory-replay-cache.js';
import { MemorySessionStore } from './stores/memory-session-store.js';
import { MemoryTokenCacheStore } from './stores/memory-token-cache-store.js';
import { AcquireToken } from './use-cases/acquire-token.js';
import { AcquireTokenForApp, APP_PARTITION_KEY } from './use-cases/acquire-token-for-app.js';
import type { AcquireTokenRequest } from './use-cases/acquire-token-request.js';
import { CallDownstreamApi } from './use-cases/call-downstream-api.js';
import { EndUserSession } from './use-cases/end-user-session.js';
import { USE_CASES } from './use-cases/index.js';
import { ListUserSessions } from './use-cases/list-user-sessions.js';
import { PollSecurityEvents, type SecurityEventPollOutcome } from './use-cases/poll-security-events.js';
import { startPolling } from './use-cases/poll-timer.js';
import { RemoveAccount } from './use-cases/remove-account.js';
import { SignOutUser } from './use-cases/sign-out-user.js';
import type { UserRef, UserSession } from './use-cases/user-sessions.js';
import { type StreamVerification, VerifySecurityEventStream } from './use-cases/verify-security-event-stream.js';

const HTTP_SERVICES = [
  SessionCookie,
  SignInRoutes,
  SignOutRoutes,
  LogoutNotificationRoutes,
  SecurityEventRoutes,
  HostWarning,
  AuthRouter,
  AuthContextFactory,
  Challenge,
  ErrorBoundary,
  AuthHttp,
] as const;

/** One configured identity-web instance; adapters take it and translate HTTP. */
export interface IdentityWeb {
  /** The framework-neutral HTTP surface the adapters (`@identity-web/koa`, `@identity-web/hono`) translate. */
  readonly http: AuthHttpSurface;
  /** The names of `identityProviders`, in their order; `[]` with a single `identityProvider`. */
  readonly providers: readonly string[];
  /** Hook a moment: `signedIn`, `tokenAcquired`, `beforeSignOutRedirect`, `accountRemoved`, ... */
  on<E extends EventName>(name: E, handler: EventHandler<E>): () => void;
  /** An access token for the account: from the cache, or refreshed. Throws `InteractionRequiredError` when only the user can help. */
  acquireToken(account: Account, request: AcquireTokenRequest): Promise<AccessToken>;
  /** An access token for the app itself (client credentials), cached per scope set. */
  acquireTokenForApp(scopes: string | readonly string[], options?: { forceRefresh?: boolean }): Promise<AccessToken>;
  /** `auth.callApi` for a given account, outside a request (jobs, queues). */
  callApi(account: Account, name: string, path: string, init?: RequestInit): Promise<Response>;
  /** Whether the token cache holds a partition for the account (one keyed read, no decryption). */
  hasAccount(accountKey: string): Promise<boolean>;
  /** Removes an account and all its tokens from the cache on every instance (reason `api`). */
  removeAccount(accountKey: string): Promise<boolean>;
  /**
   * Signs a user out everywhere: ends every session of (issuer, subject) and removes their
   * accounts' tokens on every instance (revoking the refresh token where `revokeOnRemove` says
   * so; reason `api`). For admin pages, account deletion, a reset password. Returns how many
   * sessions ended.
   * @example const ended = await identity.signOutUser({ issuer: 'https://login.example.com', subject: 'alice' });
   */
  signOutUser(user: UserRef): Promise<number>;
  /**
   * The user's live sessions on every instance, the newest first (`current` is always `false`
   * here): for an admin page, or a "your devices" page outside a request. `[]` when none.
   * @example const sessions = await identity.sessionsOf({ issuer, subject: 'alice' });
   */
  sessionsOf(user: UserRef): Promise<UserSession[]>;
  /**
   * Ends one session of the user on every instance, named by a {@link UserSession.id} from
   * `sessionsOf` (reason `api`): the account's tokens stay while another of its sessions lives.
   * Resolves `false` when the id names none of the user's live sessions.
   */
  signOutSession(user: UserRef, id: string): Promise<boolean>;
  /**
   * Counts for dashboards: sessions and cached accounts from the stores (`null` when a store
   * cannot count), accounts in this instance's hot index. Never scans.
   */
  stats(): Promise<IdentityWebStats>;
  /**
   * One round of Shared Signals poll delivery (`sharedSignals.delivery: 'poll'`): fetches the
   * transmitter's SETs, acts on each and acknowledges it. Only one instance polls at a time
   * (`polled: false` on the others). The poll timer calls it every `poll.intervalSeconds`; call
   * it yourself where no timer runs (a Worker's scheduled handler). Throws without poll delivery.
   */
  pollSecurityEvents(): Promise<SecurityEventPollOutcome>;
  /**
   * Checks the Shared Signals stream end to end (SSF 1.0 §8.1.4): asks the transmitter for a
   * verification event with a fresh `state` and waits (default 10 s) until an instance received
   * it, signed and checked. Needs a transmitter that knows its stream (`streamId`).
   * @example const { verified } = await identity.verifySharedSignals();
   */
  verifySharedSignals(options?: { timeoutMs?: number }): Promise<StreamVerification>;
  /** Stops listening to the invalidation bus, and stops the Shared Signals poll timer. */
  close(): void;
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
 */
export function createIdentityWeb(options: IdentityWebOptions): IdentityWeb {
  const settings = resolveSettings(options);
  const configured = resolveProviders(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger();
  const stores = options.stores ?? {};
  // Before any store operation: a shared store (one Redis, several apps) picks this app's namespace.
  const first = configured[0]!.idp;
  stores.forApp?.({ issuer: first.issuer, clientId: first.clientId ?? '' });
  const tokenCacheStore: TokenCacheStore = stores.tokenCacheStore ?? new MemoryTokenCacheStore(clock);
  const bus: InvalidationBus = stores.invalidationBus ?? new MemoryInvalidationBus();
  const sessionStore = stores.sessionStore ?? new MemorySessionStore(clock);
  const registry = stores.accountRegistry ?? new MemoryAccountRegistry(clock);
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
  c.register(DI_KEYS.RefreshLease, { useValue: stores.refreshLease ?? inProcessRefreshLease });
  c.register(DI_KEYS.InvalidationBus, { useValue: bus });
  c.register(DI_KEYS.ReplayCache, { useValue: stores.replayCache ?? new MemoryReplayCache(clock) });
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

  const stopLogging = logEvents((name, handler) => events.on(name, handler), logger);
  // Another instance removed an account or ended a session: drop our in-process copies.
  const unsubscribe = bus.subscribe((message) => {
    if (message.type === 'account-removed') {
      hot.evict(message.accountKey);
      memo.dropAccount(message.accountKey);
    } else memo.dropSession(message.sessionId);
  });

  const stopPolling = startPolling(settings, () => c.resolve(PollSecurityEvents).execute(), logger);

  const identity: IdentityWeb = {
    http: c.resolve(AuthHttp),
    providers: Object.freeze(configured.flatMap(({ name }) => (name === undefined ? [] : [name]))),
    on: (name, handler) => events.on(name, handler),
    // The request object only (its type): the string and list shorthands belong to `auth.acquireToken`.
    acquireToken: (account, request) =>
      typeof request === 'object' && request !== null && !Array.isArray(request)
        ? c.resolve(AcquireToken).execute(account, request)
        : Promise.reject(
            invalidArgument('request', 'acquireToken(account, request): "request" must be { scopes, ... }'),
          ),
    acquireTokenForApp: (scopes, opts) => c.resolve(AcquireTokenForApp).execute(scopes, opts),
    callApi: (account, name, path, init) => c.resolve(CallDownstreamApi).execute(account, name, path, init),
    hasAccount: async (accountKey) => (await partitions.read(accountKey)) !== null,
    removeAccount: async (accountKey) => (await c.resolve(RemoveAccount).execute(accountKey, 'api')).removed,
    signOutUser: (user) => c.resolve(SignOutUser).execute(user),
    sessionsOf: (user) => c.resolve(ListUserSessions).execute(user),
    signOutSession: (user, id) => c.resolve(EndUserSession).execute(user, id, 'api'),
    stats: async () => {
      const partitions = (await tokenCacheStore.countPartitions?.()) ?? null;
      const appPartition = partitions === null ? 0 : (await tokenCacheStore.getPartition(APP_PARTITION_KEY)) ? 1 : 0;
      return {
        sessions: (await sessionStore.countSessions?.()) ?? null,
        cachedAccounts: partitions === null ? null : partitions - appPartition,
        hotIndexAccounts: hot.size,
      };
    },
    pollSecurityEvents: () => c.resolve(PollSecurityEvents).execute(),
    verifySharedSignals: (opts) => c.resolve(VerifySecurityEventStream).execute(opts),
    close: () => {
      stopPolling();
      unsubscribe();
      stopLogging();
    },
  };
  rememberContainer(identity, c);
  return identity;
}
