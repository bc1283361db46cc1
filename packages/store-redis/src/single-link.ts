// The `Link` to one Redis server, through the URL's own client or the app's, with its subscriber connection.
import { createClient, type RedisClientType } from 'redis';
import { closeWithin, errorReporter, type Link, type LinkSettings, socketOptions } from './link.js';

/** A node-redis client as `createClient` makes it; an app's own client has the same shape at run time. */
export type SingleClient = RedisClientType;

/** What a command meets while the client knows its connection is down (it keeps reconnecting). */
function offline(): Error {
  return new Error('the connection to Redis is down (reconnecting)');
}

/** Starts connecting in the background, reports errors, and settles once ready (node-redis keeps retrying). */
function start(client: SingleClient, settings: LinkSettings, name: string): Promise<void> {
  const errors = errorReporter(settings, name);
  client.on('error', (error: unknown) => errors.report(error));
  client.on('ready', () => errors.reset());
  return client.connect().then(() => undefined);
}

/** A link to one Redis server, through the URL's own client or an app's client. */
export function singleLink(target: { url: string } | { client: SingleClient }, settings: LinkSettings): Link {
  const owned = 'url' in target;
  const client: SingleClient = owned
    ? createClient({
        url: target.url,
        socket: socketOptions(settings),
        // A command sent while the connection is down fails at once (a 503 now) instead of
        // waiting in memory until the deadline: the outage is known, waiting cannot help.
        disableOfflineQueue: true,
      })
    : target.client;
  const connected = owned ? start(client, settings, 'commands') : Promise.resolve();
  // Once ready, a client that is not is one that lost its connection and is reconnecting.
  let wasReady = client.isReady;
  client.on('ready', () => {
    wasReady = true;
  });
  // Keeps a failed first connection (closed before ready) from becoming an unhandled rejection.
  connected.catch(() => {});
  let subscriber: SingleClient | undefined;
  let subscriberReady: Promise<void> | undefined;

  // Subscribing puts a connection in a mode where it serves nothing else, hence its own connection.
  const subscriberClient = async (): Promise<SingleClient> => {
    if (subscriber === undefined) {
      subscriber = client.duplicate();
      subscriberReady = start(subscriber, settings, 'subscriber');
    }
    await subscriberReady;
    return subscriber;
  };

  // An app's own client may queue while offline; the stores never wait on a known outage. A
  // client that has not been ready yet (an app's connect() still in flight) is waited for.
  const send = (_key: string, args: readonly string[], signal: AbortSignal) =>
    client.isReady || !wasReady ? client.sendCommand([...args], { abortSignal: signal }) : Promise.reject(offline());
  return {
    ready: () => connected,
    send,
    sendOnConnectionOf: send,
    publishCommand: 'PUBLISH',
    subscribe: async (channel, listener) => (await subscriberClient()).subscribe(channel, listener),
    unsubscribe: async (channel, listener) => {
      if (subscriber?.isOpen) await subscriber.unsubscribe(channel, listener);
    },
    close: async () => {
      const closing: Promise<void>[] = [];
      if (subscriber !== undefined) closing.push(closeWithin(subscriber, settings.commandTimeoutMs));
      if (owned) closing.push(closeWithin(client, settings.commandTimeoutMs));
      await Promise.all(closing);
    },
  };
}
