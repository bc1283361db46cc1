// The public object each instance is: the IdentityWeb interface, and its methods over the instance's container.

import type { AuthHttpSurface } from '@identity-web/core/adapter';
import type { HotIndex } from './cache/hot-index.js';
import type { DependencyContainer } from './config/di.js';
import { DI_KEYS } from './config/di-keys.js';
import type { DownstreamCalls } from './config/downstream-apis.js';
import type { Account } from './domain/account.js';
import { invalidArgument } from './domain/errors.js';
import type { EventHandler, EventName } from './domain/events.js';
import type { AccessToken } from './domain/token.js';
import { AuthHttp } from './http/auth-http.js';
import type { EventHub } from './observability/event-hub.js';
import type { IdentityWebStats } from './observability/metrics.js';
import type { SessionStore } from './ports/session-store.port.js';
import type { TokenCacheStore } from './ports/token-cache-store.port.js';
import type { Partitions } from './records/partitions.js';
import { AcquireToken } from './use-cases/acquire-token.js';
import { AcquireTokenForApp, APP_PARTITION_KEY } from './use-cases/acquire-token-for-app.js';
import type { AcquireTokenRequest } from './use-cases/acquire-token-request.js';
import type { SecurityEventPollOutcome } from './use-cases/poll-security-events.js';
import { RemoveAccount } from './use-cases/remove-account.js';
import { Revocations } from './use-cases/revocations.js';
import { SignOutUser } from './use-cases/sign-out-user.js';
import type { SessionListing, UserRef, UserSession } from './use-cases/user-sessions.js';
import type { StreamVerification } from './use-cases/verify-security-event-stream.js';

/**
 * One configured identity-web instance; adapters take it and translate HTTP.
 *
 * @group Setup
 */
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
  /**
   * Resolves once the work this instance runs in the background has ended: the refresh-token
   * revocations of sign-outs (`revokeOnRemove`), each within the provider's HTTP time limit.
   * Never rejects (a failed revocation is logged and counted). Await it before `close()` on
   * shutdown, and hand it to a Worker's `ctx.waitUntil` after a response, which may otherwise cut
   * a revocation short.
   * @example app.use(async (c, next) => { await next(); c.executionCtx.waitUntil(identity.settled()); });
   */
  settled(): Promise<void>;
  /**
   * Stops listening to the invalidation bus, and stops the Shared Signals poll timer. Revocations
   * still running go on to their end: `await identity.settled()` first to wait for them.
   */
  close(): void;
}

/**
 * The Shared Signals receiver, wired into an instance whose transmitter carried it
 * (`security-event-receiver.ts`): what the public object and the instance's end reach of it.
 */
export interface WiredReceiver {
  /** `identity.pollSecurityEvents()`: one round of poll delivery. */
  poll(): Promise<SecurityEventPollOutcome>;
  /** `identity.verifySharedSignals()`. */
  verify(options?: { timeoutMs?: number }): Promise<StreamVerification>;
  /** Stops the poll timer. */
  stop(): void;
}

/** What `createIdentityWeb` wired that the public object reaches past the use cases. */
export interface WiredInstance {
  /** The instance's child container: every use case and HTTP service is resolved from it. */
  readonly container: DependencyContainer;
  /** The names of `identityProviders`, in their order; `[]` with a single `identityProvider`. */
  readonly providers: readonly string[];
  readonly events: EventHub;
  readonly partitions: Partitions;
  readonly tokenCacheStore: TokenCacheStore;
  readonly sessionStore: SessionStore;
  readonly hot: HotIndex;
  /** The Shared Signals receiver; `null` without the `sharedSignals` option. */
  readonly securityEvents: WiredReceiver | null;
  /** Stops what the instance started: the poll timer, the invalidation bus subscription, the event log. */
  readonly close: () => void;
}

/** The instance's public object: each method a use case of its container, or a read of a store it wired. */
export function identityWebOf(wired: WiredInstance): IdentityWeb {
  const { container: c, events, partitions, tokenCacheStore, sessionStore, hot } = wired;
  return {
    http: c.resolve(AuthHttp),
    providers: wired.providers,
    on: (name, handler) => events.on(name, handler),
    // The request object only (its type): the string and list shorthands belong to `auth.acquireToken`.
    acquireToken: (account, request) =>
      typeof request === 'object' && request !== null && !Array.isArray(request)
        ? c.resolve(AcquireToken).execute(account, request)
        : Promise.reject(
            invalidArgument('request', 'acquireToken(account, request): "request" must be { scopes, ... }'),
          ),
    acquireTokenForApp: (scopes, opts) => c.resolve(AcquireTokenForApp).execute(scopes, opts),
    callApi: (account, name, path, init) =>
      c.resolve<DownstreamCalls>(DI_KEYS.DownstreamCalls).execute(account, name, path, init),
    hasAccount: async (accountKey) => (await partitions.read(accountKey)) !== null,
    removeAccount: async (accountKey) => (await c.resolve(RemoveAccount).execute(accountKey, 'api')).removed,
    signOutUser: (user) => c.resolve(SignOutUser).execute(user),
    sessionsOf: (user) => c.resolve<SessionListing>(DI_KEYS.SessionList).list(user),
    signOutSession: (user, id) => c.resolve<SessionListing>(DI_KEYS.SessionList).end(user, id, 'api'),
    stats: async () => {
      const partitions = (await tokenCacheStore.countPartitions?.()) ?? null;
      const appPartition = partitions === null ? 0 : (await tokenCacheStore.getPartition(APP_PARTITION_KEY)) ? 1 : 0;
      return {
        sessions: (await sessionStore.countSessions?.()) ?? null,
        cachedAccounts: partitions === null ? null : partitions - appPartition,
        hotIndexAccounts: hot.size,
      };
    },
    pollSecurityEvents: () =>
      wired.securityEvents?.poll() ?? Promise.reject(withoutSharedSignals('pollSecurityEvents')),
    verifySharedSignals: (opts) =>
      wired.securityEvents?.verify(opts) ?? Promise.reject(withoutSharedSignals('verifySharedSignals')),
    settled: () => c.resolve(Revocations).settled(),
    close: wired.close,
  };
}

function withoutSharedSignals(method: string): Error {
  return invalidArgument(method, 'no sharedSignals option was given');
}
