// The options of `createPostgresStores` once checked, with every default filled in.
import type { Clock } from '@identity-web/core/store';
import type { Pool } from 'pg';
import type { ErrorLogger } from './options.js';

/** The options after validation, with every default filled in. */
export interface ResolvedOptions {
  readonly target: { readonly kind: 'url'; readonly url: string } | { readonly kind: 'pool'; readonly pool: Pool };
  readonly schema: string;
  readonly tablePrefix: string;
  /** `undefined`: derived from the app. */
  readonly namespace: string | undefined;
  readonly migrate: boolean;
  readonly queryTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxConnections: number;
  readonly sweepIntervalMs: number;
  readonly sweepBatchSize: number;
  readonly maxReconnectDelayMs: number;
  readonly logger: ErrorLogger;
  /** `undefined`: the database's clock. */
  readonly clock: Clock | undefined;
}
