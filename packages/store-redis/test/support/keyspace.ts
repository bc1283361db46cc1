import { createClient } from 'redis';

/**
 * Every key under `prefix` on one server with its TTL in ms (-1: none). SCAN is fine here: a
 * test inspecting a private server, never the stores' own path.
 */
export async function keysWithTtl(url: string, prefix: string): Promise<Map<string, number>> {
  const client = createClient({ url });
  await client.connect();
  try {
    const found = new Map<string, number>();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      for (const key of keys) found.set(key, await client.pTTL(key));
    }
    return found;
  } finally {
    client.destroy();
  }
}
