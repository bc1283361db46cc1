import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nextMessage, stopChild } from '@identity-web-examples/example-support';
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
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** The child's next message of `type`; a `failed` message, an exit or a timeout reject. */
function next<T extends ChildMessage['type']>(child: ChildProcess, type: T, timeoutMs: number, variant: Variant) {
  return nextMessage<ChildMessage, T>(
    child,
    type,
    timeoutMs,
    (what) => new ChildFailure(`${variant.label}: ${what}`),
    isChildMessage,
  );
}
