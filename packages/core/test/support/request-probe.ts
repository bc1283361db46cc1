// One request to an adapter's app on a fresh scenario world: what it answered, and what was logged
// where (console.error, the identity-web logger). For the adapters' tests of the request protocol.
import { IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import {
  createScenarioWorld,
  SCENARIO_BASE_URL,
  type ScenarioApp,
  type ScenarioWorld,
} from '@identity-web/core/testing';
import { vi } from 'vitest';

export const consent = () => new InteractionRequiredError('consent', { scopes: ['s'], reason: 'consent_required' });
export const down = () => new IdentityWebError('store_unavailable', 'secret details of the store');

/** A stand-in for `createIdentityWebApi()`: lets every request on as `caller`. */
export const fakeApi = {
  origin: SCENARIO_BASE_URL,
  guard: () => async () => ({ caller: { subject: 'caller' }, headers: {} }),
  backChannelLogout: async () => ({ status: 200, headers: {}, cookies: [], body: null }),
  securityEvents: () => async () => ({ status: 202, headers: {}, cookies: [], body: null }),
} as never;

export interface Observed {
  status: number;
  type: string | null;
  location: string | null;
  body: string;
  consoleErrors: unknown[][];
  identityErrors: string[];
  identityWarnings: string[];
}

let open: ScenarioWorld | undefined;

/** For `afterEach`. */
export async function closeProbe(): Promise<void> {
  await open?.close();
  open = undefined;
  vi.restoreAllMocks();
}

/**
 * Builds the app on a fresh world, optionally signs alice in, sends `path` (a page navigation, or
 * `accept: 'json'`), and closes the world.
 */
export async function probe(
  app: (identity: ScenarioWorld['identity']) => Promise<ScenarioApp>,
  path: string,
  options: { accept?: 'json'; signedIn?: boolean; before?: (world: ScenarioWorld) => void } = {},
): Promise<Observed> {
  const consoleErrors: unknown[][] = [];
  const identityErrors: string[] = [];
  const identityWarnings: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void consoleErrors.push(a));
  const world = await createScenarioWorld(app, {
    logger: {
      debug() {},
      info() {},
      warn: (fields: unknown) => void identityWarnings.push(String((fields as { event?: unknown } | null)?.event)),
      error: (fields: unknown, message: string) => void identityErrors.push(`${message} ${JSON.stringify(fields)}`),
    },
  });
  open = world;
  const browser = options.signedIn ? (await world.signIn('alice')).browser : world.browser();
  consoleErrors.length = 0;
  identityErrors.length = 0;
  identityWarnings.length = 0;
  options.before?.(world);
  const r = await browser.fetch(path, options.accept ? { accept: options.accept } : {});
  const body = await r.text();
  const observed = {
    status: r.status,
    type: r.headers.get('content-type'),
    location: r.headers.get('location'),
    body,
    consoleErrors,
    identityErrors,
    identityWarnings,
  };
  await world.close();
  open = undefined;
  return observed;
}
