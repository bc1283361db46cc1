import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeOpenIdProvider } from '@identity-web/oidc/testing';
import type { Instance } from './instances.js';
import { postLogoutToken, type Visitor } from './visitor.js';

/** What one request of the load met: a status, or an error (no answer in time, a refused connection). */
export interface Outcome {
  readonly kind: 'call-api' | 'back-channel';
  readonly instance: string;
  /** `performance.now()` when it was sent, and when its answer (or error) came. */
  readonly sentAt: number;
  readonly doneAt: number;
  readonly status?: number;
  readonly error?: string;
}

export interface LoadOptions {
  readonly instances: readonly Instance[];
  readonly visitor: Visitor;
  readonly idp: FakeOpenIdProvider;
  /** Concurrent request loops. */
  readonly workers: number;
  /** Longest a request may take before it counts as hung. */
  readonly timeoutMs: number;
  /** At most this many requests per loop, whatever happens. */
  readonly maxRequests: number;
}

/**
 * Steady traffic over every instance until `stop()`: the signed-in visitor's `/call-api`
 * (served from the instance's memory once warm) alternating with back-channel logouts for
 * sessions nobody has (each one reads and writes Redis: replay cache and registry).
 */
export function startLoad(options: LoadOptions): { outcomes: Outcome[]; stop(): Promise<void> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const loop = async (worker: number) => {
    for (let i = 0; running && i < options.maxRequests; i++) {
      const instance = options.instances[(worker + i) % options.instances.length]!;
      const kind = i % 2 === 0 ? 'call-api' : 'back-channel';
      const logoutToken =
        kind === 'back-channel'
          ? await options.idp.logoutToken({ sub: `nobody-${worker}-${i}`, sid: `gone-${worker}-${i}` })
          : '';
      const sentAt = performance.now();
      const done = (result: { status?: number; error?: string }) =>
        outcomes.push({ kind, instance: instance.name, sentAt, doneAt: performance.now(), ...result });
      try {
        const reply =
          kind === 'call-api'
            ? await options.visitor.callApi(instance.url, options.timeoutMs)
            : await postLogoutToken(instance.url, logoutToken, options.timeoutMs);
        done({ status: reply.status });
      } catch (error) {
        done({ error: error instanceof Error ? error.message : String(error) });
      }
      await sleep(5);
    }
  };
  const loops = Array.from({ length: options.workers }, (_, worker) => loop(worker));
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}
