import { createClient } from 'redis';

/** What each key under the prefix is, by its shape (see the key layout in README.md). */
function kindOf(key: string, prefix: string): string {
  const rest = key.slice(prefix.length);
  if (rest.startsWith('s:')) return 'session record';
  if (rest.startsWith('{a:') && rest.endsWith('}:t')) return 'token-cache partition';
  if (rest.startsWith('{a:') && rest.endsWith('}:r')) return "account's registry hash";
  if (rest.startsWith('{i:')) return 'registry index hashes ((iss, sid) and (iss, sub))';
  return 'other';
}

/**
 * `MEMORY USAGE` of every key under `prefix`, summed per kind. SCAN is fine here: a benchmark
 * looking into its own private server, never the stores' request path.
 */
export async function memoryByKind(url: string, prefix: string): Promise<Map<string, { keys: number; bytes: number }>> {
  const client = createClient({ url });
  await client.connect();
  try {
    const kinds = new Map<string, { keys: number; bytes: number }>();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      for (const key of keys) {
        const bytes = (await client.memoryUsage(key)) ?? 0;
        const kind = kinds.get(kindOf(key, prefix)) ?? { keys: 0, bytes: 0 };
        kinds.set(kindOf(key, prefix), { keys: kind.keys + 1, bytes: kind.bytes + bytes });
      }
    }
    return kinds;
  } finally {
    client.destroy();
  }
}

/** A table of bytes per account, each kind and the total. */
export function memoryReport(kinds: Map<string, { keys: number; bytes: number }>, accounts: number): string {
  const rows = [...kinds].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((sum, [, kind]) => sum + kind.bytes, 0);
  const width = Math.max(...rows.map(([name]) => name.length), 5);
  const line = (name: string, keys: number, bytes: number) =>
    `  ${name.padEnd(width)}  ${(keys / accounts).toFixed(2).padStart(6)} keys  ${String(Math.round(bytes / accounts)).padStart(6)} bytes`;
  return [
    ...rows.map(([name, kind]) => line(name, kind.keys, kind.bytes)),
    line(
      'total',
      rows.reduce((sum, [, kind]) => sum + kind.keys, 0),
      total,
    ),
  ].join('\n');
}
