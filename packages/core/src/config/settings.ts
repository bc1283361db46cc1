// The options after validation, with every default filled in: what the core's services read.
import type { PageRenderer } from '../domain/page.js';
import type { SignInHook } from '../domain/sign-in-event.js';
import type { FetchLike } from '../ports/fetch.port.js';
import type { SecurityEventTransmitter } from '../ports/security-event-transmitter.port.js';
import type { CheckedDownstreamApi, DownstreamApi } from './downstream-apis.js';
import type { SessionList } from './session-options.js';

/** `sharedSignals` after validation. */
export interface SharedSignalsSettings {
  readonly transmitter: SecurityEventTransmitter;
  readonly delivery: 'push' | 'poll';
  /** The provider (its name under `identityProviders`, `undefined` for the single one) the transmitter speaks for. */
  readonly provider: string | undefined;
  /** What `aud` must contain one of. */
  readonly audiences: readonly string[];
  readonly credentialChange: 'remove-account' | 'acknowledge';
  /** Whether sign-ins file the user's verified email, and email subjects are looked up. */
  readonly emailSubjects: boolean;
  /** The `Authorization` header value a pushed SET must come with; `null`: not checked. */
  readonly pushAuthorization: string | null;
  readonly pollIntervalMs: number;
  readonly pollMaxEvents: number;
  readonly maxAgeSeconds: number;
  readonly clockSkewSeconds: number;
}

/** Options resolved once at creation, with every default filled in. */
export interface Settings {
  readonly baseUrl: URL;
  readonly origin: string;
  readonly secure: boolean;
  readonly secrets: readonly string[];
  readonly basePath: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
  readonly scopes: readonly string[];
  readonly sessionTtlSeconds: number;
  /** Idle window in milliseconds; 0: no idle expiry. */
  readonly sessionIdleMs: number;
  readonly cacheTtlSeconds: number;
  readonly refreshSkewSeconds: number;
  readonly hotIndexMaxAccounts: number;
  readonly sessionMemo: boolean;
  /** `session.list`: the core's session list; `null` without it. */
  readonly sessionList: SessionList | null;
  /** `pages.render`, or `null` for the default pages. */
  readonly renderPage: PageRenderer | null;
  readonly signInTtlSeconds: number;
  readonly frontChannel: { readonly enabled: boolean; readonly cookieFallback: boolean };
  readonly backChannel: { readonly enabled: boolean };
  /** `null` without the `sharedSignals` option. */
  readonly sharedSignals: SharedSignalsSettings | null;
  readonly revokeOnRemove: boolean;
  readonly cookies: { readonly session: string; readonly signIn: string; readonly signOut: string };
  readonly onSignIn: SignInHook | undefined;
  readonly downstreamApis: ReadonlyMap<string, DownstreamApi>;
  /** The wiring of callApi's calls the `downstreamApi()` values brought; `null` when `downstreamApis` names none. */
  readonly downstreamWiring: CheckedDownstreamApi['wire'] | null;
  /** Resource indicators of the downstream APIs, asked for at every sign-in. */
  readonly resources: readonly string[];
  readonly fetch: FetchLike;
}
