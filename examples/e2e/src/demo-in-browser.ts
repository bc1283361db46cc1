import { systemClock } from '@identity-web/core/provider';
import { type Demo, type DemoOptions, startDemo } from '@identity-web-examples/demo';
import { RecordingRegistry } from '@identity-web-examples/example-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  BROWSER_HOOK_TIMEOUT_MS,
  closeAll,
  type LoopbackContext,
  launchBrowser,
  newLoopbackContext,
} from './browser.js';
import { type RecordedEvents, recordEvents } from './demo-app.js';

export interface DemoInBrowser {
  demo: Demo;
  browser: Browser;
  tab: LoopbackContext;
  page: Page;
  koaEvents: RecordedEvents;
  honoEvents: RecordedEvents;
  /** Each app's session store, this suite's own instances: where the IdP's `sid` of a session is. */
  registries: { koa: RecordingRegistry; hono: RecordingRegistry };
}

/**
 * Starts the whole demo on free ports, with account registries of its own, and one loopback-only
 * browser tab for a suite (beforeAll), records both apps' events, and closes everything
 * afterwards. The fields are filled in once beforeAll has run.
 */
export function useDemoInBrowser(
  options: Pick<DemoOptions, 'backChannel' | 'frontChannel' | 'interop' | 'partner' | 'next' | 'responseMode'>,
): DemoInBrowser {
  const world = {} as DemoInBrowser;
  beforeAll(async () => {
    world.registries = { koa: new RecordingRegistry(systemClock), hono: new RecordingRegistry(systemClock) };
    world.demo = await startDemo({
      ...options,
      ports: { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0, partner: 0, next: 0 },
      stores: { koa: { accountRegistry: world.registries.koa }, hono: { accountRegistry: world.registries.hono } },
    });
    world.koaEvents = recordEvents(world.demo.apps.koa.identity);
    world.honoEvents = recordEvents(world.demo.apps.hono.identity);
    world.browser = await launchBrowser();
    world.tab = await newLoopbackContext(world.browser);
    world.page = await world.tab.context.newPage();
  }, BROWSER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await closeAll(
      () => world.koaEvents?.stop(),
      () => world.honoEvents?.stop(),
      () => world.tab?.context.close(),
      () => world.browser?.close(),
      () => world.demo?.stop(),
    );
  }, BROWSER_HOOK_TIMEOUT_MS);
  return world;
}
