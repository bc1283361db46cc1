import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisCli } from './redis-cli.js';

/** A free TCP port on the loopback interface, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
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
  /** Run as a Redis Cluster node, with its cluster bus on this port. */
  clusterBusPort?: number;
}

async function waitForPing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited: ${output()}`);
    if ((await redisCli(port, ['PING']).catch(() => '')).trim() === 'PONG') return;
    await sleep(50);
  }
  throw new Error(`redis-server on ${port} did not answer PING within 5 s: ${output()}`);
}

/** Starts redis-server on a free (or the given) port and waits until it answers. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'iw-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
  if (options.clusterBusPort !== undefined) {
    args.push('--cluster-enabled', 'yes', '--cluster-port', String(options.clusterBusPort));
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
  await server.start();
  return server;
}
