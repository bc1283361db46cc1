import { createScenarioWorld, PROVIDER_SCENARIOS, SESSION_SCENARIOS } from '@identity-web/core/testing';
import { describe, it } from 'vitest';
import { webApp } from '../support/web-app.js';

// The several-providers and session-list scenarios on the core alone, in a file of their own: the
// mutation tests run it (they leave out scenarios.test.ts, which runs every scenario), so the
// rules of the modules they mutate — which provider a sign-in, a key or a logout belongs to, which
// session a user may end — are pinned there too.
describe('core over Request/Response: several providers and the session list', () => {
  for (const scenario of [...PROVIDER_SCENARIOS, ...SESSION_SCENARIOS]) {
    it(scenario.name, async () => {
      const world = await createScenarioWorld(
        webApp,
        scenario.options,
        scenario.providers ? { providers: scenario.providers } : {},
      );
      try {
        await scenario.run(world);
      } finally {
        await world.close();
      }
    });
  }
});
