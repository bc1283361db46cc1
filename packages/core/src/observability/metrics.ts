// Prometheus metrics of one instance: store gauges, and counters and histograms fed by its events.
import {
  type EventHandler,
  type EventName,
  IDP_OPERATIONS,
  LOGOUT_CHANNELS,
  LOGOUT_REFUSAL_REASONS,
  REMOVAL_REASONS,
  TOKEN_SOURCES,
  USERINFO_FAILURE_REASONS,
} from '../domain/events.js';
import { SECURITY_EVENT_ACTIONS, SECURITY_EVENT_REFUSAL_REASONS } from '../domain/security-event-types.js';

/** How a security event arrives. */
const DELIVERIES = ['push', 'poll'] as const;

import { Counter, Histogram, LabeledCounter, type Series } from './series.js';

/**
 * Counts for dashboards; `null` where a store cannot count. Nothing scans.
 *
 * @group Observability
 */
export interface IdentityWebStats {
  /** Sessions held by the session store. */
  sessions: number | null;
  /** Accounts with a token-cache partition. */
  cachedAccounts: number | null;
  /** Accounts in this instance's in-process hot index. */
  hotIndexAccounts: number;
}

/**
 * What the metrics need of an instance: its events and its counts (an `IdentityWeb` is one).
 *
 * @group Observability
 */
export interface MetricsSource {
  /** Subscribes `handler` to the event `name`; returns the function that unsubscribes it. */
  on<E extends EventName>(name: E, handler: EventHandler<E>): () => void;
  /** Reads the instance's current counts; called on every scrape, for the gauges. */
  stats(): Promise<IdentityWebStats>;
  /**
   * The names of its `identityProviders` (`[]` with a single provider): with several, sign-ins
   * and failed provider calls are counted by provider as well.
   */
  readonly providers?: readonly string[];
}

const OUTCOMES = ['hit', 'miss', 'refresh', 'interaction_required'] as const;
const SOURCE_OUTCOME = { hot: 'hit', cache: 'miss', refresh: 'refresh' } as const;

function build(identity: MetricsSource): () => Promise<string> {
  const signIns = new Counter('identity_web_sign_ins_total', 'Completed sign-ins.');
  const sessionsEnded = new Counter(
    'identity_web_sign_outs_total',
    'Sessions ended, by reason.',
    'reason',
    REMOVAL_REASONS,
  );
  const removed = new Counter(
    'identity_web_accounts_removed_total',
    'Accounts removed from the token cache, by reason.',
    'reason',
    REMOVAL_REASONS,
  );
  const acquisitions = new Counter(
    'identity_web_acquire_token_total',
    'AcquireToken outcomes: hit (hot index), miss (stored partition), refresh, interaction_required.',
    'outcome',
    OUTCOMES,
  );
  const acquireSeconds = new Histogram(
    'identity_web_acquire_token_duration_seconds',
    'AcquireToken latency by source of the token (hot index, stored partition, refresh).',
    'source',
    TOKEN_SOURCES,
    [0.00001, 0.0001, 0.001, 0.005, 0.025, 0.1, 0.25, 1, 2.5],
  );
  const idpSeconds = new Histogram(
    'identity_web_idp_call_duration_seconds',
    'Identity-provider calls by operation.',
    'operation',
    IDP_OPERATIONS,
    [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  const idpErrors = new Counter(
    'identity_web_idp_errors_total',
    'Failed identity-provider calls by operation.',
    'operation',
    IDP_OPERATIONS,
  );
  const logoutsRefused = new LabeledCounter(
    'identity_web_logout_refused_total',
    'Logout notifications from the identity provider that ended nothing, by channel and reason.',
    ['channel', 'reason'],
    LOGOUT_CHANNELS.flatMap((channel) => LOGOUT_REFUSAL_REASONS.map((reason) => [channel, reason])),
  );
  const securityEvents = new LabeledCounter(
    'identity_web_security_events_total',
    'Shared Signals security events acted on, by delivery and action.',
    ['delivery', 'action'],
    DELIVERIES.flatMap((delivery) => SECURITY_EVENT_ACTIONS.map((action) => [delivery, action])),
  );
  const securityEventsRefused = new LabeledCounter(
    'identity_web_security_events_refused_total',
    'Shared Signals security events refused, by delivery and reason.',
    ['delivery', 'reason'],
    DELIVERIES.flatMap((delivery) => SECURITY_EVENT_REFUSAL_REASONS.map((reason) => [delivery, reason])),
  );
  const userInfoFailures = new Counter(
    'identity_web_userinfo_failures_total',
    "Sign-ins whose UserInfo request failed and that went on with the ID token's claims, by reason.",
    'reason',
    USERINFO_FAILURE_REASONS,
  );
  const names = identity.providers ?? [];
  const byProvider =
    names.length === 0
      ? []
      : ([
          new Counter('identity_web_sign_ins_by_provider_total', 'Completed sign-ins, by provider.', 'provider', names),
          new LabeledCounter(
            'identity_web_idp_errors_by_provider_total',
            'Failed identity-provider calls by provider and operation.',
            ['provider', 'operation'],
            names.flatMap((name) => IDP_OPERATIONS.map((operation) => [name, operation])),
          ),
        ] as const);
  identity.on('signedIn', (e) => {
    signIns.inc();
    if (e.account.provider !== undefined) byProvider[0]?.inc(e.account.provider);
  });
  identity.on('logoutRefused', (e) => logoutsRefused.inc(e.channel, e.reason));
  identity.on('securityEvent', (e) => securityEvents.inc(e.delivery, e.action));
  identity.on('securityEventRefused', (e) => securityEventsRefused.inc(e.delivery, e.reason));
  identity.on('userInfoFailed', (e) => userInfoFailures.inc(e.reason));
  identity.on('sessionEnded', (e) => sessionsEnded.inc(e.reason));
  identity.on('accountRemoved', (e) => removed.inc(e.reason));
  identity.on('tokenAcquired', (e) => {
    acquisitions.inc(SOURCE_OUTCOME[e.source]);
    acquireSeconds.observe(e.source, e.durationMs / 1000);
  });
  identity.on('interactionRequired', () => acquisitions.inc('interaction_required'));
  identity.on('idpCall', (e) => {
    idpSeconds.observe(e.operation, e.durationMs / 1000);
    if (e.outcome === 'error') idpErrors.inc(e.operation);
    if (e.outcome === 'error' && e.provider !== undefined) byProvider[1]?.inc(e.provider, e.operation);
  });
  const series: Series[] = [
    signIns,
    sessionsEnded,
    removed,
    logoutsRefused,
    securityEvents,
    securityEventsRefused,
    userInfoFailures,
    acquisitions,
    acquireSeconds,
    idpSeconds,
    idpErrors,
    ...byProvider,
  ];

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
    for (const s of series) s.render(lines);
    return `${lines.join('\n')}\n`;
  };
}

// One registry per instance: a second exporter of the same instance shares its counts.
const exporters = new WeakMap<MetricsSource, () => Promise<string>>();

/**
 * Prometheus text exposition for one instance: gauges from the stores (when they can count),
 * counters and latency histograms fed by the instance's events. Every series is present from
 * the start, at 0. Calling it again for the same instance returns the same exporter. Returns the
 * function an app serves at `GET /metrics`. To feed prom-client or OpenTelemetry instead, see
 * the observability page of the docs: the same events drive any registry.
 *
 * @example
 * ```ts
 * import { PROMETHEUS_CONTENT_TYPE, prometheusMetrics } from '@identity-web/core';
 *
 * const metrics = prometheusMetrics(identity); // counts from now on
 * app.get('/metrics', async (c) => c.text(await metrics(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE }));
 * ```
 *
 * @group Observability
 */
export function prometheusMetrics(identity: MetricsSource): () => Promise<string> {
  const known = exporters.get(identity);
  if (known !== undefined) return known;
  const exporter = build(identity);
  exporters.set(identity, exporter);
  return exporter;
}

/**
 * The content type of Prometheus' text exposition format 0.0.4.
 *
 * @group Observability
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
