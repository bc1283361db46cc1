import autocannon from 'autocannon';
import type { ReadyMessage } from './protocol.js';
import { USER_HEADER } from './variants.js';

/** What one autocannon run measured. */
export interface RunResult {
  /** Mean requests per second over the run's one-second samples. */
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  /** Responses by status code, to say what a failing run answered. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** The server process's CPU time (user + system) per request, in microseconds. */
  readonly cpuMicrosPerRequest: number;
}

/** Loads a ready variant for `durationSeconds` from this process, with keep-alive connections. */
export async function load(
  ready: ReadyMessage,
  connections: number,
  durationSeconds: number,
): Promise<Omit<RunResult, 'cpuMicrosPerRequest'>> {
  const result = await autocannon({
    url: ready.url,
    connections,
    duration: durationSeconds,
    headers: { ...ready.headers },
    ...(ready.users !== undefined && { requests: [{ setupRequest: cycleUsers(ready.users) }] }),
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    reqPerSec: result.requests.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}

/** Each request for the next user, round robin, so every user's partition is read in turn. */
function cycleUsers(users: number) {
  let next = 0;
  return (request: autocannon.Request): autocannon.Request => {
    const user = next;
    next = (next + 1) % users;
    return { ...request, headers: { ...request.headers, [USER_HEADER]: String(user) } };
  };
}
