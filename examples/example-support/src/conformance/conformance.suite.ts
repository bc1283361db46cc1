// The OpenID Foundation's relying-party test plans, re-enacted against an example app: for each
// module a real provider misbehaving as the module does, a fresh app configured as a user would,
// and a browser; the app is judged from outside (where the browser ends, its cookies, what it
// asked the provider for). docs/conformance.md lists every module and its test.
import { describe, expect, it } from 'vitest';
import { Browser } from '../browser.js';
import { exampleEnv } from '../configuration.suite.js';
import { fapiEnv } from '../fapi-variables.suite.js';
import { freePort } from '../free-port.js';
import type { Env, RunningWebApp, StartWebApp } from '../types.js';
import { FAPI2_CLIENT } from './fapi2-modules.js';
import { LOGOUT_RP, type LogoutModule } from './logout-modules.js';
import { BASIC_RP, CONFIG_RP, type RpModule, SIGNATURE_RP } from './rp-modules.js';
import { TestProvider } from './test-provider.js';

/** A test plan: its modules, and what it sets for all of them. */
export interface RpPlan {
  readonly name: string;
  readonly modules: readonly RpModule[];
  /** A FAPI 2.0 provider and a FAPI 2.0 client (`IDENTITY_WEB_PROFILE=fapi2`). */
  readonly fapi?: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

export const RP_PLANS: readonly RpPlan[] = [
  { name: 'oidcc-client-basic-certification-test-plan', modules: BASIC_RP },
  { name: 'oidcc-client-config-certification-test-plan', modules: CONFIG_RP },
  {
    name: 'oidcc-client-formpost-basic-certification-test-plan',
    modules: BASIC_RP,
    env: { IDENTITY_WEB_RESPONSE_MODE: 'form_post' },
  },
  { name: 'ID-token signatures beyond the plans’ lists', modules: SIGNATURE_RP },
  { name: 'fapi2-security-profile-final-client-test-plan', modules: FAPI2_CLIENT, fapi: true },
];

/** The logout plans' client registration: ID tokens, hence logout tokens, signed RS256 (OIDC Back-Channel Logout 1.0 §2.6 step 3). */
const LOGOUT_PLAN: RpPlan = { name: 'logout', modules: [], env: { IDENTITY_WEB_ID_TOKEN_ALGORITHMS: 'RS256' } };

type ModuleSetup = Pick<RpModule, 'misbehaviour' | 'interop' | 'env'> & { readonly frontChannel?: boolean };

/**
 * The module's provider and a fresh app. The app's port is chosen before the provider starts
 * (the provider registers its URLs), so the provider's own free port may happen to be that one:
 * then both start again on other ports, three times at most.
 */
async function startModule(plan: RpPlan, module: ModuleSetup, clientId: string, start: StartWebApp) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(plan, module, clientId, start);
    } catch (error) {
      if (attempt === 3 || (error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    }
  }
}

async function startOnce(plan: RpPlan, module: ModuleSetup, clientId: string, start: StartWebApp) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const clientSecret = `${clientId}-secret-of-the-conformance-tests`;
  const op = await TestProvider.start({
    clientId,
    ...(plan.fapi !== true && { clientSecret }),
    baseUrl,
    fapi: plan.fapi === true,
    misbehaviour: module.misbehaviour,
    ...(module.interop !== undefined && { interop: module.interop }),
    ...(module.frontChannel === true && { frontChannel: true }),
    resignIdTokens: plan !== LOGOUT_PLAN,
  });
  const key = op.idp.clients[0]?.privateKey;
  const base: Env =
    plan.fapi === true && key !== undefined
      ? { ...fapiEnv(key as unknown as Record<string, unknown>), IDENTITY_WEB_BASE_URL: baseUrl, PORT: String(port) }
      : { ...exampleEnv(port), IDENTITY_WEB_CLIENT_SECRET: clientSecret };
  let app: RunningWebApp;
  try {
    app = await start({
      ...base,
      IDENTITY_WEB_ISSUER: op.issuer,
      IDENTITY_WEB_CLIENT_ID: clientId,
      ...plan.env,
      ...module.env,
    });
  } catch (error) {
    await op.close();
    throw error;
  }
  return { op, app };
}

/** Plays the module's sign-ins in one browser and judges the app by what the browser and the provider saw. */
async function play(module: RpModule, op: TestProvider, app: RunningWebApp): Promise<void> {
  const browser = new Browser('alice');
  for (let i = 0; i < (module.signIns ?? 1); i++) {
    const page = await browser.navigate(`${app.url}/auth/sign-in?returnTo=%2F`);
    if (module.expected === 'signs-in') {
      expect({ status: page.status, url: page.url.href }, page.html.slice(0, 600)).toEqual({
        status: 200,
        url: `${app.url}/`,
      });
      expect(page.html).toContain('<h1>Hello');
      continue;
    }
    if (module.expected === 'stops-before-authorization') {
      expect(page.status).toBeGreaterThanOrEqual(500);
      expect(op.calls.filter((p) => p === '/auth' || p === '/request')).toEqual([]);
    } else {
      // Refused at the callback: a 400 page (502 when the provider answered garbage), no session,
      // no sign-in left in flight, and no UserInfo call made with the tokens of a refused ID token.
      const status = module.expected === 'refuses' ? 400 : 502;
      expect({ status: page.status, path: page.url.pathname }).toEqual({ status, path: '/auth/callback' });
      expect(page.html).not.toContain('<h1>Hello');
      expect(page.html).not.toMatch(/eyJ[\w-]+\.eyJ/); // no token on the page
      if (module.interop?.profileClaimsInUserInfoOnly !== true) expect(op.count('/me')).toBe(0);
    }
    const signInCookies = [...browser.cookies('127.0.0.1').keys()].filter((name) => name.includes('.signin.'));
    expect(signInCookies).toEqual([]);
    expect((await browser.navigate(`${app.url}/`)).html).toContain('You are not signed in');
  }
  module.after?.(op);
}

/**
 * Which modules a test file re-enacts: `all`, or one of two halves (modules alternate between
 * them in plan order). `pnpm test` runs one half against the Koa app and the other against the
 * Hono app, and the same halves against the Express and the Fastify app; `pnpm test:long` runs
 * the other halves, so each module meets every app in CI.
 */
export type ConformanceModules = 'all' | 'first-half' | 'second-half';

/** Whether the `index`-th module (counted over every plan, in order) belongs to `modules`. */
function inHalf(modules: ConformanceModules, index: number): boolean {
  return modules === 'all' || (index % 2 === 0) === (modules === 'first-half');
}

/**
 * Every module of {@link RP_PLANS} and the logout plans against one example app (or the half
 * `modules` names), each test named after its module. `clientId`: the app's registration at the
 * test provider.
 */
export function describeConformance(
  name: string,
  clientId: string,
  start: StartWebApp,
  modules: ConformanceModules = 'all',
): void {
  let index = 0;
  const mine = <T>(list: readonly T[]): T[] => list.filter(() => inHalf(modules, index++));
  for (const { plan, modules: all } of LOGOUT_RP) {
    const chosen = mine(all);
    if (chosen.length === 0) continue;
    describe(`${name}: ${plan}`, () => {
      it.each(chosen.map((m) => [m.name, m] as const))('%s', async (_, module: LogoutModule) => {
        const { op, app } = await startModule(
          LOGOUT_PLAN,
          { misbehaviour: module.misbehaviour ?? {}, ...(module.frontChannel === true && { frontChannel: true }) },
          clientId,
          start,
        );
        try {
          const browser = new Browser('alice');
          expect((await browser.navigate(`${app.url}/auth/sign-in?returnTo=%2F`)).html).toContain('<h1>Hello');
          await module.play(op, app, browser);
        } finally {
          await app.close();
          await op.close();
        }
      });
    });
  }
  for (const plan of RP_PLANS) {
    const chosen = mine(plan.modules);
    if (chosen.length === 0) continue;
    describe(`${name}: ${plan.name}`, () => {
      it.each(chosen.map((m) => [m.name, m] as const))('%s', async (_, module) => {
        const { op, app } = await startModule(plan, module, clientId, start);
        try {
          await play(module, op, app);
        } finally {
          await app.close();
          await op.close();
        }
      });
    });
  }
}
