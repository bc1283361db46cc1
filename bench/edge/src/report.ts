// The Markdown the edge benchmark prints: medians and p95s over the rounds, the bundle sizes next
// to them, and identity-web's difference as the median of per-round differences and ratios.
import { cpus } from 'node:os';
import { stats } from '../../../packages/idp-oidc/bench/measure.js';
import type { ColdStart } from './cold-start.js';
import type { EdgeOptions, EdgeRound } from './rounds.js';
import { type BundledWorker, ROUTE } from './workers.js';

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function machineLine(): string {
  const all = cpus();
  return `machine: ${all.length} cores (${all[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${process.platform}/${process.arch}`;
}

export function edgeReport(
  rounds: readonly EdgeRound[],
  workers: { identityWeb: BundledWorker; bare: BundledWorker },
  options: EdgeOptions,
  miniflareVersion: string,
): string {
  const lines = [
    `Cold start in workerd (Miniflare ${miniflareVersion}): the Worker example (identity-web) and a bare Hono Worker of the same setup, ` +
      `${rounds.length} rounds, each a fresh Miniflare per Worker, order alternating; first request GET ${ROUTE} ` +
      `(identity-web: through its middleware, no session cookie, no provider call); warm = median of ${options.warmRequests} more.`,
    machineLine(),
    '',
    '| kind | median (ms) | p95 (ms) | rounds |',
    '| --- | ---: | ---: | ---: |',
  ];
  const parts: [string, (s: ColdStart) => number][] = [
    ['cold start: new Miniflare → first answer', (s) => s.coldMs],
    ['  new Miniflare → ready', (s) => s.readyMs],
    ['  first request after ready', (s) => s.firstMs],
    ['warm request', (s) => s.warmMs],
  ];
  for (const [label, value] of [
    ['identity-web', (r: EdgeRound) => r.identityWeb],
    ['bare Hono', (r: EdgeRound) => r.bare],
  ] as const) {
    for (const [kind, part] of parts) {
      const { median, p95 } = stats(rounds.map((r) => part(value(r))));
      lines.push(`| ${label}: ${kind} | ${ms(median)} | ${ms(p95)} | ${rounds.length} |`);
    }
  }
  lines.push('');
  lines.push('What identity-web adds, medians of per-round differences (identity-web − bare) and ratios:');
  for (const [kind, part] of parts) {
    const diff = stats(rounds.map((r) => part(r.identityWeb) - part(r.bare))).median;
    const ratio = stats(rounds.map((r) => part(r.identityWeb) / part(r.bare))).median;
    lines.push(`- ${kind.trim()}: ${diff >= 0 ? '+' : ''}${ms(diff)} ms (× ${ratio.toFixed(2)})`);
  }
  lines.push('');
  lines.push('| bundle (minified) | bytes | gzip (node:zlib) |');
  lines.push('| --- | ---: | ---: |');
  for (const w of [workers.identityWeb, workers.bare])
    lines.push(`| ${w.name} | ${kb(w.bytes)} | ${kb(w.gzipBytes)} |`);
  const statuses = rounds.flatMap((r) => [...r.identityWeb.statuses, ...r.bare.statuses]);
  const odd = statuses.filter((s) => s < 200 || s >= 400);
  lines.push('');
  lines.push(
    `${statuses.length} answers, ${odd.length === 0 ? 'all 2xx/3xx' : `${odd.length} not 2xx/3xx: ${odd.join(', ')}`}`,
  );
  return lines.join('\n');
}
