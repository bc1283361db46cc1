import type { EventHandler, EventName } from '../domain/events.js';

/** Counts for dashboards; `null` where a store cannot count. Nothing scans. */
export interface IdentityWebStats {
  /** Sessions held by the session store. */
  sessions: number | null;
  /** Accounts with a token-cache partition. */
  cachedAccounts: number | null;
  /** Accounts in this instance's in-process hot index. */
  hotIndexAccounts: number;
}

/** What the metrics need of an instance: its events and its counts (an `IdentityWeb` is one). */
export interface MetricsSource {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, handler: EventHandler<E>): () => void;
  /** The current counts. */
  stats(): Promise<IdentityWebStats>;
}

const COUNTERS = {
  identity_web_sign_ins_total: 'Completed sign-ins.',
  identity_web_sign_outs_total: 'Sessions ended, by reason (sign-out, front-channel, back-channel).',
  identity_web_accounts_removed_total: 'Accounts removed from the token cache, by reason.',
  identity_web_acquire_token_total:
    'AcquireToken outcomes: hit (hot index), miss (stored partition), refresh, interaction_required.',
} as const;

type Counter = keyof typeof COUNTERS;

/**
 * Prometheus text exposition for one instance: the gauges `identity_web_sessions` and
 * `identity_web_cached_accounts` (from the stores, when they can count) and counters fed by
 * the instance's events. Returns the function an app serves at `GET /metrics`.
 *
 * @example app.get('/metrics', async (c) => c.text(await metrics(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE }));
 */
export function prometheusMetrics(identity: MetricsSource): () => Promise<string> {
  const counts = new Map<string, number>();
  const inc = (name: Counter, label?: string, value?: string) => {
    const key = label === undefined ? name : `${name}{${label}="${value}"}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  identity.on('signedIn', () => inc('identity_web_sign_ins_total'));
  identity.on('sessionEnded', (e) => inc('identity_web_sign_outs_total', 'reason', e.reason));
  identity.on('accountRemoved', (e) => inc('identity_web_accounts_removed_total', 'reason', e.reason));
  identity.on('tokenAcquired', (e) => {
    inc(
      'identity_web_acquire_token_total',
      'outcome',
      e.source === 'hot' ? 'hit' : e.source === 'cache' ? 'miss' : 'refresh',
    );
  });
  identity.on('interactionRequired', () => inc('identity_web_acquire_token_total', 'outcome', 'interaction_required'));

  return async () => {
    const stats = await identity.stats();
    const lines: string[] = [];
    const gauge = (name: string, help: string, value: number | null) => {
      if (value === null) return;
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    };
    gauge('identity_web_sessions', 'Sessions held by the session store.', stats.sessions);
    gauge('identity_web_cached_accounts', 'Accounts with a token-cache partition.', stats.cachedAccounts);
    gauge(
      'identity_web_hot_index_accounts',
      "Accounts in this instance's in-process hot index.",
      stats.hotIndexAccounts,
    );
    for (const [name, help] of Object.entries(COUNTERS)) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [key, value] of counts) if (key === name || key.startsWith(`${name}{`)) lines.push(`${key} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  };
}

/** The `content-type` of the Prometheus text format that {@link prometheusMetrics} produces. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
