// The rounds: in each, a fresh workerd for each Worker, one after the other, the order
// alternating (odd rounds the bare Worker first), so a slow phase of the machine hits both alike.
import { type ColdStart, coldStart } from './cold-start.js';
import type { BundledWorker } from './workers.js';

export interface EdgeOptions {
  readonly rounds: number;
  /** Warm requests after each first one (their median is the round's warm time). */
  readonly warmRequests: number;
}

export interface EdgeRound {
  readonly identityWeb: ColdStart;
  readonly bare: ColdStart;
}

export async function runEdgeRounds(
  identityWeb: BundledWorker,
  bare: BundledWorker,
  options: EdgeOptions & { readonly warmup: boolean },
): Promise<EdgeRound[]> {
  // Uncounted: the first workerd of a process starts slower (its binary and the caches cold).
  if (options.warmup) for (const worker of [identityWeb, bare]) await coldStart(worker, options.warmRequests);
  const rounds: EdgeRound[] = [];
  for (let i = 0; i < options.rounds; i++) {
    if (i % 2 === 0) {
      const iw = await coldStart(identityWeb, options.warmRequests);
      rounds.push({ identityWeb: iw, bare: await coldStart(bare, options.warmRequests) });
    } else {
      const b = await coldStart(bare, options.warmRequests);
      rounds.push({ identityWeb: await coldStart(identityWeb, options.warmRequests), bare: b });
    }
  }
  return rounds;
}
