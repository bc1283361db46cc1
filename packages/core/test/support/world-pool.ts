// The scenario worlds one adapter test file opens, each around the app its scenario-app
// factory builds with the options a test asks for, and closed together after each test.
import type { IdentityWebOptions } from '@identity-web/core';
import { createScenarioWorld, type ScenarioAppFactory, type ScenarioWorld } from '@identity-web/core/testing';

export interface WorldPool<Options> {
  /** A scenario world (fake IdP, stores, identity) around the app built with `options`. */
  world(options?: Options, identity?: Partial<IdentityWebOptions>): Promise<ScenarioWorld>;
  /** For `afterEach`: closes every world opened since the last call. */
  closeWorlds(): Promise<void>;
}

export function worldPool<Options>(scenarioApp: (options?: Options) => ScenarioAppFactory): WorldPool<Options> {
  const open: ScenarioWorld[] = [];
  return {
    async world(options, identity = {}) {
      const world = await createScenarioWorld(scenarioApp(options), identity);
      open.push(world);
      return world;
    },
    async closeWorlds() {
      for (const world of open.splice(0)) await world.close();
    },
  };
}
