import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A redis-server the demo started for itself. */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the server the way an outage would (`SIGTERM`: it closes every connection) and keeps its
   * directory; with `persist`, `resume()` brings the data back.
   */
  halt(): Promise<void>;
  /** Starts it again on the same port and directory after `halt()`. */
  resume(): Promise<void>;
}

const HOW = 'install it (apt-get install -y redis-server) or set REDIS_URL to a Redis of yours';

/** Whether a Redis on 127.0.0.1:port answers PING within half a second. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.once('data', (data) => done(data.toString('latin1').startsWith('+PONG')));
  });
}

/**
 * One redis-server process: started, and stopped within 5 s (then killed). Stopping sends
 * `SIGTERM` unless told otherwise (`SIGKILL`: a crash, nothing closed cleanly).
 */
export async function launch(
  port: number,
  args: readonly string[],
): Promise<(signal?: 'SIGTERM' | 'SIGKILL') => Promise<void>> {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  let failure: string | undefined;
  child.once('error', (error) => {
    failure = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'redis-server is not on PATH' : error.message;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // A demo that crashes or is killed must not leave its Redis behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null && failure === undefined) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  for (let attempt = 0; attempt < 100 && failure === undefined && child.exitCode === null; attempt++) {
    if (await answersPing(port)) return stop;
    await sleep(50);
  }
  await stop();
  const why = failure ?? (child.exitCode !== null ? `redis-server exited (${child.exitCode})` : 'no answer in 5 s');
  throw new Error(`the demo's private Redis did not start: ${why}; ${HOW}`);
}

/**
 * Starts `redis-server` on 127.0.0.1:port in a temporary directory and waits until it answers (at
 * most 5 s). It persists nothing, unless `persist` (an append-only file, for `halt()` and
 * `resume()`). It is killed when this process exits, however that happens.
 */
export async function startPrivateRedis(port: number, options: { persist?: boolean } = {}): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-demo-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', options.persist ? 'yes' : 'no');
  let running: (() => Promise<void>) | undefined;
  let stopping: Promise<void> | undefined;
  const halt = async () => {
    const stop = running;
    running = undefined;
    await stop?.();
  };
  try {
    running = await launch(port, args);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    halt,
    resume: async () => {
      if (stopping !== undefined) throw new Error('the private Redis was stopped');
      running ??= await launch(port, args);
    },
    stop: () => {
      stopping ??= halt().then(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
  };
}
