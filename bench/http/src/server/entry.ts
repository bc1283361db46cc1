// One variant's server, in a process of its own: `node --import tsx src/server/entry.ts <variant>`.
// Started by the parent (src/main.ts) with an IPC channel; it leaves when the parent goes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildMessage } from '../protocol.js';
import { ROUTE, variantById } from '../variants.js';
import { BUILDERS } from './builders.js';

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const variant = variantById(process.argv[2] ?? '');
  if (!variant) throw new Error(`unknown variant "${process.argv[2]}"`);
  if (!process.send) throw new Error('start me through the benchmark (src/main.ts): I need its IPC channel');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // identity-web derives redirect URIs from the origin, so the app is built once the port is known.
  const built = await BUILDERS[variant.id](baseUrl, process.env);
  server.on('request', built.listener);
  const ready = await built.prepare();
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'stats') return;
    const cpu = process.cpuUsage();
    send({ type: 'stats', idpTokenRequests: built.idpTokenRequests(), cpuMicros: cpu.user + cpu.system });
  });
  send({ type: 'ready', url: `${baseUrl}${ROUTE}`, ...ready });
}

process.on('disconnect', () => process.exit()); // keeps a failure's exit code
main().catch((error: unknown) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(error);
  send({ type: 'failed', message });
  process.exitCode = 1;
  process.disconnect?.();
});
