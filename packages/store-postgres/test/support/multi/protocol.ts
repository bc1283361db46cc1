// What the parent and an app instance process (instance-app.ts) agree on.

/** Written to stderr, before exiting, by an instance that met an unhandled rejection or exception. */
export const CRASH_MARKER = 'INSTANCE-CRASHED';

/** The environment an instance reads its settings from. */
export interface InstanceEnv {
  readonly IW_INSTANCE: string;
  /** The database, as this instance's own user (the test can cut one instance off by its user). */
  readonly IW_DATABASE_URL: string;
  readonly IW_TABLE_PREFIX: string;
  readonly IW_QUERY_TIMEOUT_MS: string;
  readonly IW_ISSUER: string;
  readonly IW_IDP_URL: string;
  readonly IW_CLIENT_ID: string;
  readonly IW_CLIENT_SECRET: string;
  readonly IW_BASE_URL: string;
  readonly IW_SECRET: string;
}

/** Sent over IPC once the instance listens on 127.0.0.1. */
export interface InstanceMessage {
  readonly type: 'ready';
  readonly port: number;
}
