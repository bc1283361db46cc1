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
 * Starts `redis-server` on 127.0.0.1:port in a temporary directory, persisting nothing, and waits
 * until it answers (at most 5 s). It is killed when this process exits, however that happens.
 */
export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-demo-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  let failure: string | undefined;
  child.once('error', (error) => {
    failure = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'redis-server is not on PATH' : error.message;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // A demo that crashes or is killed must not leave its Redis behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null && failure === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  for (let attempt = 0; attempt < 100 && failure === undefined && child.exitCode === null; attempt++) {
    if (await answersPing(port)) return { url: `redis://127.0.0.1:${port}`, stop };
    await sleep(50);
  }
  await stop();
  const why = failure ?? (child.exitCode !== null ? `redis-server exited (${child.exitCode})` : 'no answer in 5 s');
  throw new Error(`the demo's private Redis did not start: ${why}; ${HOW}`);
}
