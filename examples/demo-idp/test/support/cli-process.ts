// `pnpm demo:idp` as a newcomer runs it, in a child process: started as the root script starts it
// (node --import tsx src/main.ts, TSX_TSCONFIG_PATH), its output collected, every one stopped by the test.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Cli {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  readonly output: () => string;
  /** Its exit code, once it exits. */
  readonly exited: Promise<number | null>;
}

/**
 * How long a CLI may take to start: tsx compiles it first, and in the README's test command it
 * shares two cores with the whole suite (a cold Next.js build among it), which took it past 20 s.
 */
export const CLI_START_MS = 60_000;

const running: ChildProcess[] = [];

export function startCli(args: readonly string[]): Cli {
  // Only what the CLI needs: no DEMO_IDP_* variable of the machine running the tests.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('DEMO_IDP_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...env, TSX_TSCONFIG_PATH: '../tsconfig.run.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The first match of `pattern` in the CLI's output, waiting for it at most `timeoutMs`. */
export async function waitFor(cli: Cli, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = cli.output().match(pattern);
    if (match !== null) return match;
    if (cli.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} in the CLI's output:\n${cli.output()}`);
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Stops every CLI still running, SIGTERM first (it closes its IdPs), SIGKILL after 5 s. */
export async function stopAll(): Promise<void> {
  const children = running.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    children.map(async (child) => {
      const exit = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await within(exit, 5_000, 'stopping the CLI').catch(() => child.kill('SIGKILL'));
    }),
  );
}
