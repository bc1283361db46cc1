// The Worker example without its optional Shared Signals: src/worker.ts less the lines that
// configure a transmitter and the import they need, as an app that receives no security events
// writes it. Fails when those lines read otherwise, rather than measuring the wrong Worker.
// And the minimal Worker: the same, calling one API with a token from `acquireToken`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WORKER = fileURLToPath(new URL('../src/worker.ts', import.meta.url));

export function workerWithoutSharedSignals(): string {
  const lines = readFileSync(WORKER, 'utf8').split('\n');
  const first = lines.findIndex((line) => line.startsWith("  // Optional: a Shared Signals transmitter's"));
  const spread = lines.findIndex((line, i) => i > first && line.startsWith('  ...(env.SHARED_SIGNALS_ISSUER'));
  const last = lines.findIndex((line, i) => i > spread && line === '  }),');
  const imports = lines.filter((line) => line.includes(', sharedSignalsTransmitter }'));
  if (first < 0 || spread < 0 || last < 0 || imports.length !== 1) {
    throw new Error(
      'src/worker.ts configures Shared Signals otherwise than workerWithoutSharedSignals() reads it: update it',
    );
  }
  const kept = [...lines.slice(0, first), ...lines.slice(last + 1)];
  const source = kept.join('\n').replace(', sharedSignalsTransmitter }', ' }');
  if (source.includes('sharedSignals')) throw new Error('src/worker.ts names Shared Signals past its optional lines');
  return source;
}

/**
 * The smallest Worker the library serves whole: sign-in, the token cache and every logout on
 * Durable Objects (the example without Shared Signals), and one route that calls a web API with
 * the token `acquireToken` gives, as the example's comment shows.
 */
export function minimalWorker(): string {
  const source = workerWithoutSharedSignals();
  const end = 'export default app;';
  if (!source.trimEnd().endsWith(end))
    throw new Error(`src/worker.ts no longer ends with ${end}: update minimalWorker()`);
  const route = `app.get('/orders', requireAuth(), async (c) => {
  const { accessToken } = await c.var.auth.acquireToken(['api://orders/read']);
  const orders = await fetch('https://orders.example/orders', { headers: { authorization: \`Bearer \${accessToken}\` } });
  return c.json(await orders.json());
});

`;
  return source.replace(end, `${route}${end}`);
}
