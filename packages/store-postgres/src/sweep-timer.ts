// The sweeper's timer: an unref'd interval that never overlaps itself and stops with the stores.
import type pg from 'pg';
import { unavailable } from './database.js';
import type { ResolvedOptions } from './resolved-options.js';
import { sweep } from './sweeper.js';
import type { Tables } from './tables.js';

export interface Sweeper {
  /** One sweep now (after the migrations); `null` when another instance was sweeping. */
  now(): Promise<number | null>;
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

/** Sweeps every `sweepIntervalMs` (never with `0`); the timer keeps no process alive. */
export function startSweeper(pool: pg.Pool, t: Tables, ready: () => Promise<void>, settings: ResolvedOptions): Sweeper {
  let running: Promise<number | null> | undefined;
  let stopped = false;
  const run = () => {
    running ??= (async () => {
      await ready();
      return sweep(pool, t, {
        batchSize: settings.sweepBatchSize,
        timeoutMs: settings.queryTimeoutMs,
        now: () => (settings.clock === undefined ? null : Math.floor(settings.clock.now())),
      });
    })()
      .catch((error: unknown) => {
        throw unavailable('sweep', error);
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer =
    settings.sweepIntervalMs > 0
      ? setInterval(() => {
          if (stopped || running !== undefined) return;
          run().catch((error: unknown) =>
            settings.logger.error({ error: String(error) }, 'identity-web postgres: sweeping expired rows failed'),
          );
        }, settings.sweepIntervalMs)
      : undefined;
  timer?.unref();
  return {
    now: () => {
      if (stopped) return Promise.reject(new Error('identity-web postgres: the stores were closed'));
      return run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
