// Starts the demo IdPs `pnpm demo:idp` planned, all or none: when one cannot start, those already
// running are closed, and the error says which port and provider name it was.
import type { PlannedIdp } from './idp-plan.js';
import { type DemoIdp, startDemoIdp } from './start-demo-idp.js';

/** A running IdP and the provider name the apps give it (`undefined`: their single provider). */
export interface RunningIdp {
  readonly providerName: string | undefined;
  readonly idp: DemoIdp;
}

/** An IdP of the plan did not start; `cause` is why (`code: 'EADDRINUSE'` for a taken port). */
export class IdpStartError extends Error {
  constructor(
    readonly port: number,
    readonly providerName: string | undefined,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `the IdP${providerName === undefined ? '' : ` for provider ${providerName}`} on port ${port}: ${reason}`,
      options,
    );
    this.name = 'IdpStartError';
  }

  /** The port was taken. */
  get portInUse(): boolean {
    return (this.cause as { code?: unknown } | null)?.code === 'EADDRINUSE';
  }
}

/**
 * Starts each IdP of `plan` in order, its log lines prefixed with its provider name. Resolves to
 * them all and a `close` for them all; rejects with an {@link IdpStartError} after closing those
 * that started.
 */
export async function startPlannedIdps(
  plan: readonly PlannedIdp[],
  log: (line: string) => void,
): Promise<{ readonly idps: readonly RunningIdp[]; close(): Promise<void> }> {
  const idps: RunningIdp[] = [];
  const close = async () => {
    await Promise.all(idps.map(({ idp }) => idp.close()));
  };
  for (const { providerName, options } of plan) {
    const prefix = providerName === undefined ? '' : `${providerName}: `;
    try {
      const idp = await startDemoIdp({ ...options, log: (line) => log(`${prefix}${line}`) });
      idps.push({ providerName, idp });
    } catch (cause) {
      await close();
      throw new IdpStartError(options.port, providerName, { cause });
    }
  }
  return { idps, close };
}
