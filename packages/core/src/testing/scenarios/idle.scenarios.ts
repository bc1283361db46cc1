import { expect } from 'vitest';
import type { Scenario } from '../scenario-world.js';

const IDLE = 600;

export const idleScenarios: Scenario[] = [
  {
    name: 'session.idleSeconds: an active session slides on, an idle one ends (memo or not)',
    options: { session: { ttlSeconds: 3600, idleSeconds: IDLE } },
    async run(world) {
      const { browser } = await world.signIn('ida');
      for (let i = 0; i < 4; i++) {
        world.clock.advance(250_000); // under the window each time, well past it in total
        expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(200);
      }
      world.clock.advance(IDLE * 1000 + 1);
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    },
  },
  {
    name: 'session.idleSeconds: the session memo does not keep an idle session alive',
    // An idle window shorter than the memo's own minute: the memo must end the entry first.
    options: { session: { idleSeconds: 40 } },
    async run(world) {
      const { browser } = await world.signIn('ivo');
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(200);
      world.clock.advance(40_000);
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    },
  },
  {
    name: 'session.idleSeconds: a session in use still ends at session.ttlSeconds',
    options: { session: { ttlSeconds: 1800, idleSeconds: IDLE } },
    async run(world) {
      const { browser } = await world.signIn('ted');
      let elapsed = 0;
      while (elapsed + 300_000 < 1_800_000) {
        world.clock.advance(300_000);
        elapsed += 300_000;
        expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(200);
      }
      world.clock.advance(1_800_000 - elapsed);
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    },
  },
];
