import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { anyFreePort } from './ports.js';
import { launch } from './private-redis.js';

/** One node of a {@link PrivateRedisCluster}. */
export interface PrivateRedisNode {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** One command through `redis-cli` (answered within 5 s, or it rejects): its output. */
  command(...args: string[]): Promise<string>;
  /** Kills the node the way a crash would (`SIGKILL`: no connection closed cleanly, nothing saved). */
  kill(): Promise<void>;
}

/** A Redis Cluster the demo started for itself, every node on 127.0.0.1. */
export interface PrivateRedisCluster {
  /** Every node: the masters first, then the replicas, as created (a failover swaps roles). */
  readonly nodes: readonly PrivateRedisNode[];
  /** Every node's URL: what `startDemo({ redis: { clusterNodes } })` takes. */
  readonly urls: readonly string[];
  /** The nodes that are masters now (by their own `ROLE`; a killed node is none). */
  masters(): Promise<PrivateRedisNode[]>;
  /** Stops every node and removes their directories; safe to call twice. */
  stop(): Promise<void>;
}

const HOW = 'install them (apt-get install -y redis-server redis-tools)';

/** `redis-cli` against 127.0.0.1:port, bounded by `timeoutMs`; its output. */
function redisCli(port: number, args: readonly string[], timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'redis-cli',
      ['-h', '127.0.0.1', '-p', String(port), ...args],
      { timeout: timeoutMs },
      (error, out, err) =>
        error ? reject(new Error(`redis-cli ${args.join(' ')}: ${err.trim() || error.message}`)) : resolve(out),
    );
  });
}

/** Asks every node until `answers` holds for all of them, for at most `timeoutMs`. */
async function untilEvery(
  ports: readonly number[],
  args: readonly string[],
  answers: (outputs: string[]) => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const outputs = await Promise.all(ports.map((port) => redisCli(port, args, 1_000).catch(() => '')));
    if (answers(outputs)) return;
    await sleep(100);
  }
  throw new Error(`the demo's private Redis Cluster: ${what} within ${timeoutMs} ms`);
}

/**
 * Starts `masters × (1 + replicas)` cluster-enabled `redis-server`s on free ports of 127.0.0.1
 * (each with its cluster bus on another free port, in a temporary directory, persisting nothing),
 * joins them with `redis-cli --cluster create`, and waits until every node reports
 * `cluster_state:ok` and every replica is in sync (at most 15 s each). A master missing for
 * `cluster-node-timeout` (2 s) is failed over to its replica. Every node is killed when this
 * process exits, however that happens.
 */
export async function startPrivateRedisCluster(masters = 3, replicas = 1): Promise<PrivateRedisCluster> {
  const nodes: PrivateRedisNode[] = [];
  const dirs: string[] = [];
  const stops: ((signal?: 'SIGTERM' | 'SIGKILL') => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= Promise.all(stops.map((stopOne) => stopOne())).then(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });
    return stopping;
  };
  try {
    const taken = new Set<number>();
    const freePort = async () => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const port = await anyFreePort();
        if (taken.has(port)) continue;
        taken.add(port);
        return port;
      }
      throw new Error("the demo's private Redis Cluster: no free port on 127.0.0.1");
    };
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const [port, bus] = [await freePort(), await freePort()];
      const dir = mkdtempSync(join(tmpdir(), 'iw-demo-redis-cluster-'));
      dirs.push(dir);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
      args.push('--cluster-enabled', 'yes', '--cluster-port', String(bus), '--cluster-config-file', 'nodes.conf');
      args.push('--cluster-node-timeout', '2000');
      const stopNode = await launch(port, args);
      stops.push(stopNode);
      nodes.push({
        port,
        url: `redis://127.0.0.1:${port}`,
        command: (...command) => redisCli(port, command),
        kill: () => stopNode('SIGKILL'),
      });
    }
    const ports = nodes.map((node) => node.port);
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await redisCli(
      ports[0]!,
      ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'],
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; ${HOW}`);
    });
    const ok = (outputs: string[]) => outputs.every((info) => info.includes('cluster_state:ok'));
    await untilEvery(ports, ['CLUSTER', 'INFO'], ok, 15_000, 'not every node was ok');
    const inSync = (outputs: string[]) =>
      outputs.filter((info) => info.includes('master_link_status:up')).length >= masters * replicas;
    await untilEvery(ports, ['INFO', 'replication'], inSync, 15_000, 'not every replica was in sync');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes,
    urls: nodes.map((node) => node.url),
    masters: async () => {
      const roles = await Promise.all(nodes.map((node) => node.command('ROLE').catch(() => '')));
      return nodes.filter((_, i) => roles[i]?.startsWith('master'));
    },
    stop,
  };
}
