import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisCli } from './redis-cli.js';

function bindable(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(null));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : null));
    });
  });
}

/** The lowest port the kernel hands out for outgoing connections and `listen(0)` (Linux; 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 11_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * A port for a server a test starts, free on 127.0.0.1 now. It lies below the kernel's ephemeral
 * range: a port the kernel handed out and took back can go to any outgoing connection (a test's
 * HTTP client, a Redis client) before redis-server binds it, or while a killed node is down.
 * Random ports outside that range are taken only by explicit binds, and a clash between two of
 * those is retried by {@link startRedisServer}.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindable(10_000 + Math.floor(Math.random() * (low - 10_000)));
    if (port !== null) return port;
  }
  throw new Error('no free port below the ephemeral range on 127.0.0.1');
}

/** A private redis-server process on 127.0.0.1, with its own temporary directory. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** `host:port`, as redis-cli names nodes. */
  readonly address: string;
  /** Sends a signal: `SIGKILL` crashes it, `SIGSTOP` freezes it (connections stay open, nothing answers), `SIGCONT` thaws it. */
  signal(signal: NodeJS.Signals): void;
  /** Kills the process (if running) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (a cluster node keeps its identity). */
  start(): Promise<void>;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  port?: number;
  /** Run as a Redis Cluster node, with its cluster bus on another free port. */
  cluster?: boolean;
}

async function waitForPing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) {
      await sleep(50); // the last of its output may arrive after the exit
      throw new Error(`redis-server on ${port} exited: ${output()}`);
    }
    // Another server on this port would answer too: only this child's process id counts.
    const info = await redisCli(port, ['INFO', 'server']).catch(() => '');
    if (info.includes(`process_id:${child.pid}\r`) || info.includes(`process_id:${child.pid}\n`)) return;
    await sleep(50);
  }
  throw new Error(`redis-server on ${port} did not answer within 5 s: ${output()}`);
}

/**
 * Starts redis-server on a free (or the given) port and waits until it answers. When this
 * function chose the ports and another process bound one of them first, it tries new ones
 * (at most five times).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const bus = options.cluster ? await freePort() : undefined;
    try {
      return await startOn(port, bus);
    } catch (error) {
      const clash = error instanceof Error && error.message.includes('Address already in use');
      if (!clash || options.port !== undefined || attempt === 5) throw error;
    }
  }
}

async function startOn(port: number, clusterBusPort: number | undefined): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
  if (clusterBusPort !== undefined) {
    args.push('--cluster-enabled', 'yes', '--cluster-port', String(clusterBusPort));
    args.push('--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000');
  }
  let child: ChildProcess | undefined;
  let log = '';

  const exited = () => child === undefined || child.exitCode !== null || child.signalCode !== null;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    signal: (signal) => child?.kill(signal),
    kill: async () => {
      if (exited()) return;
      const done = new Promise((resolve) => child?.once('exit', resolve));
      child?.kill('SIGKILL');
      await Promise.race([done, sleep(5000)]);
    },
    start: async () => {
      log = '';
      child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-4000);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.on('error', (error) => keep(Buffer.from(String(error))));
      await waitForPing(port, child, () => log);
    },
    stop: async () => {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
