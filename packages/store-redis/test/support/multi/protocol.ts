// What the parent and an app instance process (instance-runner.ts) agree on. Shared by the Redis
// and PostgreSQL stores' multi-instance tests: each store's instance-app.ts adds its own settings.

/** Written to stderr, before exiting, by an instance that met an unhandled rejection or exception. */
export const CRASH_MARKER = 'INSTANCE-CRASHED';

/** The environment an instance reads its settings from, besides its store's own (`IW_STORE_*`). */
export interface InstanceEnv {
  readonly IW_INSTANCE: string;
  readonly IW_ISSUER: string;
  readonly IW_IDP_URL: string;
  readonly IW_CLIENT_ID: string;
  readonly IW_CLIENT_SECRET: string;
  readonly IW_BASE_URL: string;
  readonly IW_SECRET: string;
  /** The Shared Signals transmitter's issuer (served by the parent); empty: no Shared Signals. */
  readonly IW_SSF_ISSUER: string;
  /** `push` or `poll`. */
  readonly IW_SSF_DELIVERY: string;
}

/** Sent over IPC once the instance listens on 127.0.0.1. */
export interface InstanceMessage {
  readonly type: 'ready';
  readonly port: number;
}
