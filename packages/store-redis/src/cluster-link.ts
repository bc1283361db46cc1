// The `Link` to a Redis Cluster, with sharded pub/sub and the first connect retried until it works.
import { createCluster, type RedisClusterType } from 'redis';
import { closeWithin, errorReporter, type Link, type LinkSettings, pause, reconnectDelay } from './link.js';
import type { RedisClusterConnectOptions } from './options.js';

/** A node-redis cluster as `createCluster` makes it; an app's own cluster has the same shape at run time. */
export type ClusterClient = RedisClusterType;

/**
 * node-redis gives up when no root node answers the first discovery; later outages it rides out
 * itself (each node connection reconnects, the slot map is refreshed). So only the first connect
 * is retried here, until it works or the link is closed.
 */
async function connectUntilReady(cluster: ClusterClient, settings: LinkSettings, stop: AbortSignal): Promise<void> {
  const errors = errorReporter(settings, 'cluster');
  for (let attempt = 0; ; attempt++) {
    try {
      await cluster.connect();
      return;
    } catch (error) {
      if (stop.aborted) throw error;
      errors.report(error);
      await pause(reconnectDelay(attempt, settings.maxReconnectDelayMs), stop);
      if (stop.aborted) throw error;
    }
  }
}

/**
 * A link to a Redis Cluster. Pub/sub is sharded (`SSUBSCRIBE`/`SPUBLISH`, Redis 7): a message goes
 * to the one shard that owns the channel's slot instead of being broadcast over the cluster bus to
 * every node, and node-redis moves the subscription when that slot moves.
 */
export function clusterLink(
  target: { cluster: RedisClusterConnectOptions } | { client: ClusterClient },
  settings: LinkSettings,
): Link {
  const owned = 'cluster' in target;
  const stop = new AbortController();
  let cluster: ClusterClient;
  let connected: Promise<void>;
  if ('cluster' in target) {
    const node = target.cluster.nodeOptions ?? {};
    const refresh = target.cluster.topologyRefreshMs ?? 1000;
    cluster = createCluster({
      // Read the slot map again soon after a node drops, and as often while it stays down: a
      // replica promoted in place of a dead master then gets its slots' commands within a second.
      topologyRefreshOnReconnectionAttemptStrategy: refresh === 0 ? false : refresh,
      rootNodes: target.cluster.rootNodes.map((url) => ({
        url,
        socket: { connectTimeout: settings.connectTimeoutMs },
      })),
      defaults: {
        // A command for a node whose connection is down fails at once (a 503 now) instead of
        // waiting in memory until the deadline; an app's nodeOptions may say otherwise.
        disableOfflineQueue: true,
        ...node,
        socket: {
          ...node.socket,
          connectTimeout: settings.connectTimeoutMs,
          reconnectStrategy: (retries: number) => reconnectDelay(retries, settings.maxReconnectDelayMs),
        },
      },
    });
    const errors = errorReporter(settings, 'cluster node');
    cluster.on('error', (error: unknown) => errors.report(error));
    cluster.on('node-error', (error: unknown) => errors.report(error));
    cluster.on('sharded-channel-moved-error', (error: unknown) => errors.report(error));
    cluster.on('node-ready', () => errors.reset());
    connected = connectUntilReady(cluster, settings, stop.signal);
  } else {
    cluster = target.client;
    connected = Promise.resolve();
  }
  connected.catch(() => {});

  return {
    ready: () => connected,
    send: (key, args, signal) => cluster.sendCommand(key, false, [...args], { abortSignal: signal }),
    // node-redis 6 routes by command policy: WAIT would go to every master, and ROLE to any node.
    // The client of the key's master is the connection the key's writes went through.
    sendOnConnectionOf: async (key, args, signal) =>
      typeof cluster.getNodeClientForKey === 'function'
        ? (await cluster.getNodeClientForKey(key)).sendCommand([...args], { abortSignal: signal })
        : cluster.sendCommand(key, false, [...args], { abortSignal: signal }),
    publishCommand: 'SPUBLISH',
    subscribe: async (channel, listener) => {
      await connected;
      await cluster.sSubscribe(channel, listener);
    },
    unsubscribe: async (channel, listener) => {
      if (cluster.isOpen) await cluster.sUnsubscribe(channel, listener);
    },
    close: async () => {
      stop.abort();
      if (owned) await closeWithin(cluster, settings.commandTimeoutMs);
    },
  };
}
