// The Worker example without its optional Shared Signals: src/worker.ts less the lines that
// configure a transmitter and the import they need, as an app that receives no security events
// writes it. Fails when those lines read otherwise, rather than measuring the wrong Worker.
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
