/** What the parent tells an instance, over the IPC channel. */
export type ToInstance = { readonly type: 'advance-clock'; readonly ms: number };

/** What an instance tells the parent. */
export type FromInstance =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'clock-advanced'; readonly offsetMs: number };

/** The environment an instance process is started with. */
export interface InstanceEnv {
  readonly STORM_INSTANCE: string;
  readonly STORM_PORT: string;
  readonly STORM_ISSUER: string;
  readonly STORM_CLIENT_ID: string;
  readonly STORM_CLIENT_SECRET: string;
  readonly STORM_BASE_URL: string;
  readonly STORM_SECRET: string;
  /** Unset: every store in the instance's memory (one instance only). */
  readonly STORM_REDIS_URL?: string;
  readonly STORM_REDIS_PREFIX: string;
}

/** Written to stderr before an instance dies of an unhandled error. */
export const CRASH_MARKER = 'STORM-INSTANCE-CRASHED';
