import { InteractionRequiredError } from '@identity-web/core';
import { createScenarioWorld, type ScenarioWorld } from '@identity-web/core/testing';
import { type IdentityWebEnv, identityWeb } from '@identity-web/hono';
import { Hono } from 'hono';
import { requestOf } from './scenario-app.js';

// The Hono app the adapter's tests build on, shared by hono.test.ts and hono-errors.test.ts.

export const NEEDS_CONSENT = 'api://orders/write';
export const consentRequired = () =>
  new InteractionRequiredError('consent', { scopes: [NEEDS_CONSENT], reason: 'consent_required' });

let world: ScenarioWorld | undefined;

/** For `afterEach`: closes the world the test built, if any. */
export function closeWorld(): void {
  world?.identity.close();
  world = undefined;
}

/** The least an app needs for `world.signIn()`: the middleware and `/public`; no onError. */
export function baseApp(identity: ScenarioWorld['identity']): Hono<IdentityWebEnv> {
  const app = new Hono<IdentityWebEnv>();
  app.use(identityWeb(identity));
  app.get('/public', (c) => c.json({ user: c.var.auth.user, csrfToken: c.var.auth.csrfToken }));
  return app;
}

/** `createScenarioWorld`, closed by {@link closeWorld} after the test. */
export async function scenarioWorld(...args: Parameters<typeof createScenarioWorld>): Promise<ScenarioWorld> {
  world = await createScenarioWorld(...args);
  return world;
}

/** A scenario world whose app is {@link baseApp} plus whatever `extend` mounts on it. */
export function worldWith(
  extend: (app: Hono<IdentityWebEnv>) => void,
  options: Parameters<typeof createScenarioWorld>[1] = {},
): Promise<ScenarioWorld> {
  return scenarioWorld(async (identity) => {
    const app = baseApp(identity);
    extend(app);
    return { fetch: requestOf(app) };
  }, options);
}
