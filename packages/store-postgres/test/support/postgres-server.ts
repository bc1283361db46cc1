// A private PostgreSQL server per test file: initdb in a temporary directory, postgres on a free
// loopback port, stopped and started again on the same port and data directory.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { binary } from './binaries.js';

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

/** A free port below the kernel's ephemeral range, so no outgoing connection takes it while the server is down. */
export async function freePort(): Promise<number> {
  let low = 32_768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {}
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindable(10_000 + Math.floor(Math.random() * (Math.max(low, 11_000) - 10_000)));
    if (port !== null) return port;
  }
  throw new Error('no free port below the ephemeral range on 127.0.0.1');
}

/** PostgreSQL refuses to run as root: there, the server runs as the `postgres` user. */
const AS_ROOT = process.getuid?.() === 0;

function command(name: 'initdb' | 'postgres' | 'pg_basebackup', args: string[]): [string, string[]] {
  return AS_ROOT
    ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', binary(name), ...args]]
    : [binary(name), args];
}

/** The postmaster's children (its backends and workers). */
function childrenOf(pid: number): number[] {
  const children = spawnSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' });
  return children.stdout.split(/\s+/).filter(Boolean).map(Number);
}

export interface PostgresServer {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  /** Stops it as a crash does (`SIGQUIT`: immediate shutdown, every connection cut), and waits for it to exit. */
  kill(): Promise<void>;
  /**
   * Sends a signal to the postmaster and every backend: `SIGSTOP` freezes the server (connections
   * stay open, nothing answers, new connections hang), `SIGCONT` thaws it.
   */
  signal(signal: NodeJS.Signals): void;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

async function accepting(url: string, withinMs: number): Promise<void> {
  const until = performance.now() + withinMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (performance.now() > until) throw error;
      await sleep(50);
    }
  }
}

/** What a private server is made with beyond the defaults. */
export interface PostgresServerOptions {
  /** More `-c name=value` settings of the server. */
  readonly settings?: readonly string[];
  /**
   * A streaming-replication standby of this primary, named `name` (its `application_name`, as
   * `synchronous_standby_names` names it): its data directory is a `pg_basebackup` of the primary.
   */
  readonly standbyOf?: { readonly server: PostgresServer; readonly name: string };
}

/** The data directory: `initdb`, or a base backup of the primary for a standby. */
function makeData(data: string, standbyOf: PostgresServerOptions['standbyOf']): void {
  const [bin, args] =
    standbyOf === undefined
      ? command('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
      : command('pg_basebackup', [
          ...['-h', '127.0.0.1', '-p', String(standbyOf.server.port), '-U', 'postgres', '-D', data],
          ...['-X', 'stream', '-R', '--no-sync', '-d', `application_name=${standbyOf.name}`],
        ]);
  const made = spawnSync(bin, args, { encoding: 'utf8' });
  if (made.status !== 0)
    throw new Error(`${standbyOf === undefined ? 'initdb' : 'pg_basebackup'} failed: ${made.stderr}`);
}

/** Starts a private server: `initdb` (about 1.5 s), then `postgres` with durability off (tests only). */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-postgres-'));
  if (AS_ROOT) spawnSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  makeData(data, options.standbyOf);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const [bin, args] = command('postgres', [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=32MB',
      ...(options.settings ?? []).flatMap((setting) => ['-c', setting]),
    ]);
    const proc = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    child = proc;
    try {
      await accepting(url, 15_000);
    } catch (error) {
      throw new Error(`postgres did not start: ${String(error)}\n${log}`);
    }
  };
  const kill = async () => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    for (const pid of [proc.pid!, ...childrenOf(proc.pid!)]) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {}
    }
    proc.kill('SIGQUIT');
    await exited;
  };
  await start();
  return {
    port,
    url,
    signal: (signal) => {
      if (child?.pid === undefined) return;
      // Each backend is a session of its own (PostgreSQL calls setsid): every child by name.
      for (const pid of [child.pid, ...childrenOf(child.pid)]) {
        try {
          process.kill(pid, signal);
        } catch {}
      }
    },
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
