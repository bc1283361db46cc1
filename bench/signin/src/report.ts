// The Markdown the benchmark prints: a table of medians and p95s over the rounds, and the ratios
// as medians of per-round ratios.
import { cpus } from 'node:os';
import { stats } from '../../../packages/idp-oidc/bench/measure.js';
import type { Round, RoundOptions } from './rounds.js';

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const pct = (n: number) => `${fmt(n * 100, 1)} %`;

/** The line that says what machine the numbers are from. */
export function machineLine(): string {
  const all = cpus();
  return `machine: ${all.length} cores (${all[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Median of per-round values (rounds where the value is missing left out). */
function perRound(rounds: readonly Round[], value: (r: Round) => number | undefined): number {
  const values = rounds.map(value).filter((v): v is number => v !== undefined && Number.isFinite(v));
  return stats(values).median;
}

export function report(rounds: readonly Round[], options: RoundOptions, forked: boolean): string {
  const lines: string[] = [];
  const row = (kind: string, value: (r: Round) => number | undefined, digits = 0) => {
    const values = rounds.map(value).filter((v): v is number => v !== undefined && Number.isFinite(v));
    const { median, p95 } = stats(values);
    lines.push(`| ${kind} | ${fmt(median, digits)} | ${fmt(p95, digits)} | ${values.length} |`);
  };
  lines.push(
    `Sign-ins through identity-web (Koa, memory stores) at the demo IdP (oidc-provider) on 127.0.0.1: ` +
      `${options.concurrency} browsers, ${rounds.length} rounds of up to ${options.seconds} s or ${options.maxSignIns} sign-ins, ` +
      `each side by side with ${options.checks} ID-token signature checks (turns alternate).`,
  );
  lines.push(machineLine());
  lines.push(
    forked ? 'processes: the app, the provider and the browsers, one each' : 'processes: one for all (no CPU split)',
  );
  lines.push('');
  lines.push('| kind | median | p95 | rounds |');
  lines.push('| --- | ---: | ---: | ---: |');
  row('sign-ins/s (completed, session cookie set)', (r) => r.perSecond, 1);
  row('sign-in, as the browser sees it (µs)', (r) => r.signInUs);
  row('callback, as the browser sees it (µs)', (r) => r.callbackUs);
  row('callback in the app (µs)', (r) => r.appCallbackUs);
  row('  of it waiting on the provider: token, JWKS, UserInfo (µs)', (r) => r.providerUs);
  row("  of it identity-web's own work (µs)", (r) => r.ownUs);
  row('ID-token signature check alone (µs)', (r) => r.checkUs, 1);
  if (forked) {
    row('CPU per sign-in: app process (µs)', (r) => r.cpu?.app);
    row('CPU per sign-in: provider process (µs)', (r) => r.cpu?.idp);
    row('CPU per sign-in: browsers process (µs)', (r) => r.cpu?.browsers);
  }
  lines.push('');
  lines.push('Ratios, medians of per-round ratios:');
  lines.push(`- check / callback as the browser sees it: ${pct(perRound(rounds, (r) => r.checkUs / r.callbackUs))}`);
  lines.push(`- check / identity-web's own work in the callback: ${pct(perRound(rounds, (r) => r.checkUs / r.ownUs))}`);
  lines.push(`- check / whole sign-in: ${pct(perRound(rounds, (r) => r.checkUs / r.signInUs))}`);
  lines.push(`- callback / whole sign-in: ${pct(perRound(rounds, (r) => r.callbackUs / r.signInUs))}`);
  lines.push(
    `- identity-web's own work / whole sign-in: ${pct(perRound(rounds, (r) => r.ownUs / r.signInUs))}` +
      ' (the rest: the provider, the network stack, the browsers)',
  );
  const cpuTotal = (r: Round) => (r.cpu === undefined ? undefined : r.cpu.app + r.cpu.idp + r.cpu.browsers);
  if (forked) {
    lines.push(
      `- app CPU / all CPU per sign-in: ${pct(perRound(rounds, (r) => (r.cpu ? r.cpu.app / cpuTotal(r)! : undefined)))}`,
    );
    lines.push(
      `- check / all CPU per sign-in: ${pct(perRound(rounds, (r) => (r.cpu ? r.checkUs / cpuTotal(r)! : undefined)))}`,
    );
    const without = (r: Round) => {
      const total = cpuTotal(r);
      return total === undefined ? undefined : (r.perSecond * total) / (total - r.checkUs);
    };
    lines.push(
      `- sign-ins/s without the check — DERIVED, not measured (the library has no switch to skip it): ` +
        `${fmt(perRound(rounds, without), 1)}, +${pct(perRound(rounds, (r) => (without(r) ?? Number.NaN) / r.perSecond - 1))}` +
        ' (each round: sign-ins/s × CPU per sign-in ÷ (CPU per sign-in − check); if the whole machine is the bottleneck)',
    );
    // If the app's one thread is the bottleneck instead, the check's share of the app's CPU is what counts.
    const appBound = (r: Round) =>
      r.cpu === undefined ? undefined : (r.perSecond * r.cpu.app) / (r.cpu.app - r.checkUs);
    lines.push(
      `- the same if the app's process is the bottleneck — DERIVED: ` +
        `${fmt(perRound(rounds, appBound), 1)}, +${pct(perRound(rounds, (r) => (appBound(r) ?? Number.NaN) / r.perSecond - 1))}` +
        ' (each round: sign-ins/s × app CPU per sign-in ÷ (app CPU per sign-in − check); the check timed in the harness, not under load)',
    );
  }
  const failed: Record<string, number> = {};
  for (const r of rounds) for (const [why, n] of Object.entries(r.failed)) failed[why] = (failed[why] ?? 0) + n;
  const total = rounds.reduce((n, r) => n + r.signIns, 0);
  lines.push('');
  lines.push(
    `${fmt(total)} sign-ins completed; failed: ${Object.keys(failed).length === 0 ? 'none' : JSON.stringify(failed)}`,
  );
  return lines.join('\n');
}
