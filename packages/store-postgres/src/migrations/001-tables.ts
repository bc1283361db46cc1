// Migration 1: every table of the stores. Times are epoch milliseconds (`bigint`), compared with
// the clock of the stores (the database's, unless a `clock` option replaces it); every read
// skips rows whose `expires_at` passed, and the sweeper deletes them by the `expires_at` indexes.
import type { Tables } from '../tables.js';

export const version = 1;
export const name = 'tables';

export function sql(t: Tables): string {
  return `
-- Sealed session records (the core encrypts them; the session id is their additional data).
CREATE TABLE ${t.sessions} (
  app        text   NOT NULL,
  id         text   NOT NULL,
  record     text   NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (app, id)
);
CREATE INDEX ON ${t.sessions} (expires_at);

-- Token-cache partitions, encrypted by the core bound to their version; written by compare-and-set.
CREATE TABLE ${t.partitions} (
  app        text   NOT NULL,
  key        text   NOT NULL,
  value      text   NOT NULL,
  version    text   NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (app, key)
);
CREATE INDEX ON ${t.partitions} (expires_at);

-- The account registry: one row per sign-in, found by (iss, sub), (iss, sid) and (iss, email).
-- seq orders an account's sign-ins, oldest first, for the cap on entries per account.
CREATE TABLE ${t.registry} (
  app         text      NOT NULL,
  account_key text      NOT NULL,
  session_id  text      NOT NULL,
  issuer      text      NOT NULL,
  subject     text      NOT NULL,
  sid         text,
  email       text,
  seq         bigserial NOT NULL,
  expires_at  bigint    NOT NULL,
  PRIMARY KEY (app, account_key, session_id)
);
CREATE INDEX ON ${t.registry} (app, issuer, subject);
CREATE INDEX ON ${t.registry} (app, issuer, sid) WHERE sid IS NOT NULL;
CREATE INDEX ON ${t.registry} (app, issuer, email) WHERE email IS NOT NULL;
CREATE INDEX ON ${t.registry} (expires_at);

-- One-time values (logout-token jti) already used, as SHA-256 digests: the values come from outside.
CREATE TABLE ${t.replay} (
  app        text   NOT NULL,
  key        text   NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (app, key)
);
CREATE INDEX ON ${t.replay} (expires_at);

-- Refresh leases: the random token of each holder, until it releases or the lease lapses.
CREATE TABLE ${t.leases} (
  app        text   NOT NULL,
  key        text   NOT NULL,
  token      text   NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (app, key)
);
CREATE INDEX ON ${t.leases} (expires_at);

-- Every invalidation published, kept a few minutes so an instance whose LISTEN connection
-- dropped reads the ones it missed once it is back.
CREATE TABLE ${t.invalidations} (
  seq        bigserial   PRIMARY KEY,
  app        text        NOT NULL,
  message    text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ON ${t.invalidations} (created_at);
`;
}
