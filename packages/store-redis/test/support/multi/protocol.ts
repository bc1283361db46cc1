// What the parent and an app instance process (instance-app.ts) agree on.

/** Written to stderr, before exiting, by an instance that met an unhandled rejection or exception. */
export const CRASH_MARKER = 'INSTANCE-CRASHED';

/** The environment an instance reads its settings from. */
export interface InstanceEnv {
  readonly IW_INSTANCE: string;
  readonly IW_REDIS_URL: string;
  readonly IW_REDIS_PREFIX: string;
  readonly IW_COMMAND_TIMEOUT_MS: string;
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
