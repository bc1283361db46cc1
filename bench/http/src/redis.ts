import { connect } from 'node:net';
import type { Stores } from './server/identity.js';

// Written on another branch: loaded by name at run time, so the harness runs without it.
const REDIS_PACKAGE = '@identity-web/redis';
const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 };

export type CreateRedisStores = (options: { url: string }) => Stores | Promise<Stores>;

/** `createRedisStores` from `@identity-web/redis`, or `null` when the package is not installed. */
export async function loadRedisStores(): Promise<CreateRedisStores | null> {
  let loaded: { createRedisStores?: unknown };
  try {
    const specifier: string = REDIS_PACKAGE; // not a literal: the type checker must not require it
    loaded = await import(specifier);
  } catch (error) {
    // Only the package itself being absent means "skip"; a dependency of it missing is a failure.
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ERR_MODULE_NOT_FOUND' && message?.includes(`'${REDIS_PACKAGE}'`)) return null;
    throw error;
  }
  if (typeof loaded.createRedisStores !== 'function') {
    throw new Error(`${REDIS_PACKAGE} has no createRedisStores export`);
  }
  return loaded.createRedisStores as CreateRedisStores;
}

/**
 * The Redis to use: `REDIS_URL` when set (trusted as given), else 127.0.0.1:6379 if it answers
 * PING within half a second; `null` when there is none.
 */
export async function findRedis(env: NodeJS.ProcessEnv): Promise<string | null> {
  if (env.REDIS_URL) return env.REDIS_URL;
  return (await ping(LOCAL_REDIS.host, LOCAL_REDIS.port)) ? `redis://${LOCAL_REDIS.host}:${LOCAL_REDIS.port}` : null;
}

function ping(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
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

/** The URL without its password, for the log. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}
