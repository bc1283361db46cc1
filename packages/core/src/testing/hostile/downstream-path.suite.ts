import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScenarioWorld, type ScenarioWorldOptions } from '../adapter-scenarios.js';
import type { ScenarioAppFactory, ScenarioWorld, SignedIn } from '../scenario-world.js';
import { DOWNSTREAM_PATH_PAYLOADS, DOWNSTREAM_PATHS_ACCEPTED } from './downstream-path.payloads.js';

const downstream = (path: string) => `/downstream?path=${encodeURIComponent(path)}`;

/**
 * Every hostile `callApi` path through `GET /downstream?path=` (see `ScenarioApp`) on the app an
 * adapter builds, as a signed-in user: each must be refused (500 `invalid_argument`, the app's
 * programming error) with nothing sent to the downstream API; the paths that must keep working
 * reach the API below `/v1` as they were given.
 *
 * @group Test suites
 */
export function describeDownstreamPathCorpus(
  name: string,
  factory: ScenarioAppFactory,
  worldOptions: ScenarioWorldOptions = {},
): void {
  describe(`${name}: callApi path corpus`, () => {
    let world: ScenarioWorld;
    let user: SignedIn;

    beforeAll(async () => {
      world = await createScenarioWorld(factory, {}, worldOptions);
      user = await world.signIn('path-tester');
    });
    afterAll(() => world.close());

    it('holds at least 100 distinct hostile paths', () => {
      const all = new Set(DOWNSTREAM_PATH_PAYLOADS.flatMap((g) => g.payloads));
      expect(all.size).toBeGreaterThanOrEqual(100);
    });

    for (const group of DOWNSTREAM_PATH_PAYLOADS) {
      it(`refuses ${group.name}, and sends nothing`, async () => {
        const failures: string[] = [];
        // A framework's default handler prints each of these 500s; hundreds of traces say nothing.
        const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
          for (const payload of group.payloads) {
            const before = world.api.calls.length;
            const response = await user.browser.fetch(downstream(payload), { accept: 'json' });
            const sent = world.api.calls.slice(before).map((c) => c.path);
            if (response.status !== 500 || sent.length > 0) {
              failures.push(`${JSON.stringify(payload)}: ${response.status}, sent ${JSON.stringify(sent)}`);
            }
            await response.body?.cancel();
          }
        } finally {
          quiet.mockRestore();
        }
        expect(failures).toEqual([]);
      });
    }

    it('sends the paths that must keep working below /v1, as they were given', async () => {
      const failures: string[] = [];
      for (const [path, expected] of DOWNSTREAM_PATHS_ACCEPTED) {
        const before = world.api.calls.length;
        const response = await user.browser.fetch(downstream(path), { accept: 'json' });
        const sent = world.api.calls.slice(before).map((c) => c.path);
        if (response.status !== 200 || sent.length !== 1 || sent[0] !== expected) {
          failures.push(`${JSON.stringify(path)}: ${response.status}, sent ${JSON.stringify(sent)}`);
        }
        await response.body?.cancel();
      }
      expect(failures).toEqual([]);
    });
  });
}
