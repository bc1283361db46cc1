import type { World } from './world.js';

/** Grants the provider issued in each phase of {@link measureStorm}, and what the calls got. */
export interface StormMeasurement {
  /** Grants for five calls spread over the first half of the token's life (the cache's job: 0). */
  readonly firstHalf: number;
  /** Grants for the storm of concurrent calls after the token expired (1 is the floor). */
  readonly storm: number;
  /** Grants for one more call on each instance after the storm (served from the cache: 0). */
  readonly afterwards: number;
  /** Calls of the storm answered 200. */
  readonly served: number;
  /** Calls of the storm in all. */
  readonly calls: number;
  /** Distinct access tokens the storm's calls got (1: every caller got the one refreshed token). */
  readonly stormTokens: number;
  /** Whether the calls after the storm got the storm's token. */
  readonly cachedAfterwards: boolean;
  /** What the calls that were not answered 200 got, and how often. */
  readonly failures: Readonly<Record<string, number>>;
}

/**
 * One user's token through its life, on every instance of `world` in turn (the instances' clocks
 * are moved, the provider's stays): five calls in the first half of the lifetime; then, a second
 * past expiry, `calls` concurrent calls; then one call per instance. The provider counts the
 * refresh-token grants of each phase.
 */
export async function measureStorm(
  world: World,
  options: { readonly login: string; readonly lifetimeSeconds: number; readonly calls?: number },
): Promise<StormMeasurement> {
  const { lifetimeSeconds } = options;
  const count = options.calls ?? 1000;
  const instances = world.urls.length;
  const browser = await world.signIn(options.login);
  const issued = () => world.grants.issued;
  const start = issued();
  const tenth = lifetimeSeconds * 100;
  for (let i = 0; i < 5; i++) {
    await world.advanceClock(tenth);
    const call = await world.call(browser, i % instances);
    if (call.status !== 200) throw new Error(`call ${i + 1} in the first half answered ${call.status} ${call.error}`);
  }
  const firstHalf = issued() - start;
  // From the sign-in (when the token was issued) to a second past its expiry.
  await world.advanceClock(lifetimeSeconds * 1000 - 5 * tenth + 1000);
  const beforeStorm = issued();
  const storm = await Promise.all(Array.from({ length: count }, (_, i) => world.call(browser, i % instances)));
  const stormGrants = issued() - beforeStorm;
  const served = storm.filter((call) => call.status === 200);
  const failures: Record<string, number> = {};
  for (const call of storm.filter((c) => c.status !== 200)) {
    const key = `${call.status} ${call.error ?? ''}`.trim();
    failures[key] = (failures[key] ?? 0) + 1;
  }
  const stormTokens = new Set(served.map((call) => call.accessToken));
  const afterStorm = issued();
  const later = await Promise.all(world.urls.map((_, i) => world.call(browser, i)));
  return {
    firstHalf,
    storm: stormGrants,
    afterwards: issued() - afterStorm,
    served: served.length,
    calls: count,
    stormTokens: stormTokens.size,
    cachedAfterwards: later.every((call) => call.status === 200 && stormTokens.has(call.accessToken)),
    failures,
  };
}
