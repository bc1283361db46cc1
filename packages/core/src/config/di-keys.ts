/**
 * The dependency-injection keys of ports and values, in one place (`DI_KEYS`: not OAuth tokens).
 * Symbols, not classes, so a port can be any object and no constructor parameter relies on
 * emitted decorator metadata. The core's own classes (use cases, `Partitions`, `SessionRecords`,
 * `HotIndex`) are their own keys, so a reader follows `@inject(RemoveAccount)` straight to the class.
 */
export const DI_KEYS = {
  Settings: Symbol.for('identity-web.Settings'),
  AccountRegistry: Symbol.for('identity-web.AccountRegistry'),
  RefreshLease: Symbol.for('identity-web.RefreshLease'),
  InvalidationBus: Symbol.for('identity-web.InvalidationBus'),
  ReplayCache: Symbol.for('identity-web.ReplayCache'),
  Clock: Symbol.for('identity-web.Clock'),
  Logger: Symbol.for('identity-web.Logger'),
  EventSink: Symbol.for('identity-web.EventSink'),
  CookieSigner: Symbol.for('identity-web.CookieSigner'),
  TransactionCipher: Symbol.for('identity-web.TransactionCipher'),
  /** The routes the opt-in parts wire into the auth router (Shared Signals push, ending a session); `[]` without. */
  OptInRoutes: Symbol.for('identity-web.OptInRoutes'),
  /** The session list `session.list` wired, or the one that answers it is off. */
  SessionList: Symbol.for('identity-web.SessionList'),
  /** What `callApi` runs: the calls `downstreamApi()` values wire, or the answer that none is configured. */
  DownstreamCalls: Symbol.for('identity-web.DownstreamCalls'),
  /** A protected API's settings, in the container `createIdentityWebApi` makes. */
  ApiSettings: Symbol.for('identity-web.ApiSettings'),
} as const;
