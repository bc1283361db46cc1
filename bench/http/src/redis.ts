// Where the Redis variants' Redis is: REDIS_URL, or a local one that answers PING.
import { connect } from 'node:net';

const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 };

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
