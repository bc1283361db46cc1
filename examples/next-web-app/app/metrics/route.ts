// `GET /metrics`: identity-web's counters for Prometheus.
import { PROMETHEUS_CONTENT_TYPE, prometheusMetrics } from '@identity-web/core';
import { identity } from '../../lib/identity';

let metrics: (() => Promise<string>) | undefined;

export async function GET() {
  // The instance's one exporter, made with it: counts from the first request on.
  metrics ??= prometheusMetrics(identity());
  return new Response(await metrics(), { headers: { 'content-type': PROMETHEUS_CONTENT_TYPE } });
}
