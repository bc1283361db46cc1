// The rounds: in each, a burst of sign-ins and a block of signature checks, taking turns first
// (odd rounds checks first), so a slow phase of the machine hits both alike.
import type { Browser } from '@identity-web-examples/example-support';
import { stats, timed } from '../../../packages/idp-oidc/bench/measure.js';
import { signatureCheck } from './check.js';
import { signInBurst } from './signin.js';
import type { SignInWorld } from './world.js';

export interface RoundOptions {
  /** Counted rounds. */
  readonly rounds: number;
  /** Virtual browsers signing in at once. */
  readonly concurrency: number;
  /** Each round's sign-ins stop after this long… */
  readonly seconds: number;
  /** …or this many sign-ins, whichever comes first. */
  readonly maxSignIns: number;
  /** Signature checks timed in each round (one after the other). */
  readonly checks: number;
  /** The uncounted warm-up round's length. */
  readonly warmupSeconds: number;
}

/** CPU time of each process per completed sign-in, µs (processes of their own only). */
export interface CpuPerSignIn {
  readonly app: number;
  readonly idp: number;
  readonly browsers: number;
}

export interface Round {
  readonly signIns: number;
  readonly failed: Readonly<Record<string, number>>;
  readonly perSecond: number;
  /** Medians over the round's sign-ins, µs. */
  readonly signInUs: number;
  readonly callbackUs: number;
  readonly appCallbackUs: number;
  readonly providerUs: number;
  readonly ownUs: number;
  /** µs per signature check. */
  readonly checkUs: number;
  readonly cpu: CpuPerSignIn | undefined;
}

export interface Rounds {
  readonly rounds: readonly Round[];
  /** A browser signed in during the last round (its session cookie, for a protected route). */
  readonly signedIn: Browser | undefined;
}

const median = (values: readonly number[]) => stats([...values]).median;

export async function runRounds(world: SignInWorld, options: RoundOptions): Promise<Rounds> {
  const burst = () =>
    signInBurst(world.app.url, {
      concurrency: options.concurrency,
      maxMs: options.seconds * 1000,
      maxCount: options.maxSignIns,
    });
  // Warm-up: JIT, the provider's and the app's caches, and a real ID token for the check.
  await signInBurst(world.app.url, { ...options, maxMs: options.warmupSeconds * 1000, maxCount: options.maxSignIns });
  const { idToken } = await world.app.stats();
  if (idToken === undefined) throw new Error('no sign-in completed in the warm-up: no ID token to check');
  const check = await signatureCheck(world.idp.url, world.client, idToken);
  await timed(check, options.checks);

  const rounds: Round[] = [];
  let signedIn: Browser | undefined;
  for (let i = 0; i < options.rounds; i++) {
    let checkUs = 0;
    const checks = async () => {
      checkUs = await timed(check, options.checks);
    };
    if (i % 2 === 1) await checks();
    await world.app.stats();
    await world.idp.stats();
    const cpuBefore = process.cpuUsage();
    const signIns = await burst();
    const cpuUsed = process.cpuUsage(cpuBefore);
    const app = await world.app.stats();
    const idp = await world.idp.stats();
    if (i % 2 === 0) await checks();

    const n = signIns.completed.length;
    signedIn = signIns.completed.at(-1)?.browser ?? signedIn;
    rounds.push({
      signIns: n,
      failed: signIns.failed,
      perSecond: n / (signIns.elapsedMs / 1000),
      signInUs: median(signIns.completed.map((s) => s.totalUs)),
      callbackUs: median(signIns.completed.map((s) => s.callbackUs)),
      appCallbackUs: median(app.callbacks.map((c) => c.totalUs)),
      providerUs: median(app.callbacks.map((c) => c.providerUs)),
      ownUs: median(app.callbacks.map((c) => c.totalUs - c.providerUs)),
      checkUs,
      cpu:
        world.forked && n > 0 && app.cpuMicros !== undefined && idp.cpuMicros !== undefined
          ? { app: app.cpuMicros / n, idp: idp.cpuMicros / n, browsers: (cpuUsed.user + cpuUsed.system) / n }
          : undefined,
    });
  }
  return { rounds, signedIn };
}
