import type { IdentityWeb, IdentityWebOptions, IdentityWebStats } from '@identity-web/core';

/** An example app's environment: `process.env`, or an object standing in for it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What every example app's start function returns (`startKoaWebApp`, `startHonoWebApp`). */
export interface RunningWebApp {
  /** The app's public origin (`IDENTITY_WEB_BASE_URL`). */
  readonly url: string;
  readonly identity: IdentityWeb;
  close(): Promise<void>;
}

/** An app's start function: its environment, and stores replacing its own (a test looks inside, or breaks one). */
export type StartWebApp = (env: Env, stores?: IdentityWebOptions['stores']) => Promise<RunningWebApp>;

/** An example app's `/cache.json`. */
export interface CacheState extends IdentityWebStats {
  /** The browser's own account and whether the token cache still holds it; `null` when signed out. */
  readonly account: { readonly key: string; readonly cached: boolean } | null;
}
