import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ChildMessage, isChildMessage, type ReadyMessage, type StatsRequest } from './protocol.js';
import type { Variant } from './variants.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./server/entry.ts', import.meta.url));
// Building the msal baseline's 10,000 partitions takes seconds on a busy machine; never minutes.
const READY_TIMEOUT_MS = 120_000;
const STATS_TIMEOUT_MS = 10_000;

/** A variant's server process, listening, signed in and warm. */
export interface RunningVariant {
  readonly variant: Variant;
  readonly ready: ReadyMessage;
  readonly pid: number | undefined;
  stats(): Promise<{ readonly idpTokenRequests: number; readonly cpuMicros: number }>;
  stop(): Promise<void>;
}

export class ChildFailure extends Error {
  override readonly name = 'ChildFailure';
}

/** Forks `src/server/entry.ts` for the variant (same Node, same tsx loader) and waits for it to be ready. */
export async function startVariant(
  variant: Variant,
  env: NodeJS.ProcessEnv,
  profileDir: string | null = null,
): Promise<RunningVariant> {
  // The profile is written when the child exits (stop() below), named after its pid.
  const profile = profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child = fork(ENTRY, [variant.id], {
    cwd: PACKAGE_DIR,
    execArgv: ['--import', 'tsx', ...profile],
    env: { ...env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('../tsconfig.run.json', import.meta.url)) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await next(child, 'ready', READY_TIMEOUT_MS, variant);
    return {
      variant,
      ready,
      pid: child.pid,
      async stats() {
        const reply = next(child, 'stats', STATS_TIMEOUT_MS, variant);
        child.send({ type: 'stats' } satisfies StatsRequest);
        const { idpTokenRequests, cpuMicros } = await reply;
        return { idpTokenRequests, cpuMicros };
      },
      stop: () => stop(child),
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** The child's next message of `type`; a `failed` message, an exit or a timeout reject. */
function next<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  variant: Variant,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const fail = (why: string) => {
      cleanup();
      reject(new ChildFailure(`${variant.label}: ${why}`));
    };
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'failed') return fail(`the server failed to start: ${message.message}`);
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`the server process exited (${signal ?? `code ${code}`}) before answering "${type}"`);
    const timer = setTimeout(() => fail(`no "${type}" from the server within ${timeoutMs / 1000} s`), timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Closing the IPC channel lets the server leave by itself (process.exit, so a CPU profile is
  // written); a signal follows if it does not, and SIGKILL if that is ignored too.
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');
  const term = setTimeout(() => child.kill('SIGTERM'), 5_000);
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(term);
  clearTimeout(kill);
}
