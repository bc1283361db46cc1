/**
 * Every DI token in one place. Symbols, not classes, so a port can be overridden with any
 * object and no constructor parameter relies on emitted decorator metadata.
 */
export const TOKENS = {
  Settings: Symbol.for('identity-web.Settings'),
  IdentityProvider: Symbol.for('identity-web.IdentityProvider'),
  SessionRecords: Symbol.for('identity-web.SessionRecords'),
  AccountRegistry: Symbol.for('identity-web.AccountRegistry'),
  RefreshLease: Symbol.for('identity-web.RefreshLease'),
  InvalidationBus: Symbol.for('identity-web.InvalidationBus'),
  ReplayCache: Symbol.for('identity-web.ReplayCache'),
  Clock: Symbol.for('identity-web.Clock'),
  Logger: Symbol.for('identity-web.Logger'),
  EventSink: Symbol.for('identity-web.EventSink'),
  HotIndex: Symbol.for('identity-web.HotIndex'),
  Partitions: Symbol.for('identity-web.Partitions'),
  CookieSigner: Symbol.for('identity-web.CookieSigner'),
  TransactionCipher: Symbol.for('identity-web.TransactionCipher'),
} as const;
