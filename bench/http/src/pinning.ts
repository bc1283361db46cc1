import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * CPU affinity through util-linux's `taskset`, for the paired measurement: both servers of a
 * pair on one core, the load generator on another, each taken from the CPUs this process may
 * use (a container's or a `taskset -c 2,3` run's, not CPUs 0 and 1). Linux only; elsewhere, or
 * with one usable core, `pinning()` says why not and the paired column is left out.
 */
export interface Pinning {
  /** Puts the process and all its threads on `cpu` only. */
  pin(pid: number, cpu: number): Promise<void>;
  /** Gives the process and its threads back the CPUs this process had when the run began. */
  unpin(pid: number): Promise<void>;
  /** The core the servers share, and the one the load generator gets. */
  readonly serverCpu: number;
  readonly loadCpu: number;
}

export async function pinning(): Promise<Pinning | { readonly skipped: string }> {
  if (process.platform !== 'linux') return { skipped: 'needs Linux (taskset)' };
  let allowed: string;
  try {
    // "pid 123's current affinity list: 0-3,6"
    const { stdout } = await run('taskset', ['-p', '-c', String(process.pid)]);
    allowed = stdout.slice(stdout.lastIndexOf(':') + 1).trim();
  } catch {
    return { skipped: 'needs taskset (util-linux)' };
  }
  const cpus = cpuList(allowed);
  if (cpus.length < 2)
    return { skipped: `needs 2 usable cores (one for the servers, one for the load); has ${allowed}` };
  return {
    serverCpu: cpus.at(-1)!,
    loadCpu: cpus[0]!,
    pin: async (pid, cpu) => void (await run('taskset', ['-a', '-c', '-p', String(cpu), String(pid)])),
    unpin: async (pid) => void (await run('taskset', ['-a', '-c', '-p', allowed, String(pid)])),
  };
}

/** "0-3,6" → [0, 1, 2, 3, 6]. */
export function cpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) continue;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu);
  }
  return cpus;
}
