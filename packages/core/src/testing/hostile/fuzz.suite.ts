import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_BASE_URL, type ScenarioAppFactory } from '../scenario-world.js';
import type { DeclaredLength, FuzzRequest } from './fuzz.requests.js';
import { requestsFor } from './fuzz.requests.js';
import { routeProperties } from './fuzz.routes.js';
import { type Text, tamper } from './fuzz.values.js';
import { FuzzWorld } from './fuzz.world.js';

/**
 * Options of {@link describeAuthFuzz}.
 *
 * @group Test suites
 */
export interface AuthFuzzOptions {
  /** The app is served on a socket (see `RequestSettings.socket`). Default `false`. */
  socket?: boolean;
  /**
   * How many hostile requests to send in all, shared among the routes as in the full run.
   * Default 10,500, the full run; fewer make a quicker run of the same properties.
   */
  requests?: number;
}

/** Requests of a full run: the routes' budgets of {@link routeProperties}, 10,500 in all. */
const FULL_RUN = routeProperties('https://idp.invalid').reduce((n, p) => n + p.runs, 0);

function declared(lie: DeclaredLength, bytes: number): string {
  const values: Record<Exclude<DeclaredLength, 'actual'>, string> = {
    short: String(Math.max(0, bytes - 1)),
    zero: '0',
    longer: String(bytes + 10),
    'over-limit': '10000000',
    'not-a-number': 'abc',
    negative: '-1',
    list: `${bytes}, ${bytes}`,
  };
  return lie === 'actual' ? String(bytes) : values[lie];
}

function send(fuzz: FuzzWorld, req: FuzzRequest): Promise<Response> {
  // The path is always the app's own: a generated `//host` must never become a request elsewhere.
  if (new URL(req.path, SCENARIO_BASE_URL).origin !== SCENARIO_BASE_URL)
    throw new Error(`not a local path: ${req.path}`);
  const resolve = (text: Text) => (typeof text === 'string' ? text : tamper(fuzz.value(text.ref), text.tamper));
  const headers = new Headers(req.headers);
  if (req.cookies.length > 0) {
    headers.set('cookie', req.cookies.map(([name, value]) => `${name}=${resolve(value)}`).join(req.cookieSeparator));
  }
  const body = req.body === null ? null : req.body.map(resolve).join('');
  if (body !== null && req.contentLength !== 'actual') {
    headers.set('content-length', declared(req.contentLength, new TextEncoder().encode(body).byteLength));
    // After a lie about the length, the connection cannot carry another request.
    headers.set('connection', 'close');
  }
  return fuzz.world.app.fetch(req.path, { method: req.method, headers, ...(body !== null && { body }) });
}

/**
 * Sends one hostile request and checks what must hold for every one: no 5xx, no error logged,
 * no store entry created or removed, the signed-in user's records untouched, no session cookie
 * handed out, no markup reflected.
 */
async function exchange(fuzz: FuzzWorld, req: FuzzRequest, sessionCookie: string): Promise<void> {
  await fuzz.ensureUser();
  const before = await fuzz.snapshot();
  const response = await send(fuzz, req);
  const body = await response.text();
  expect(response.status).toBeLessThan(500);
  expect(await fuzz.snapshot()).toEqual(before);
  const issued = response.headers.getSetCookie().filter((line) => /^[^=;]+=[^;]/.test(line));
  expect(issued.map((line) => line.slice(0, line.indexOf('=')))).not.toContain(sessionCookie);
  expect(body.toLowerCase()).not.toContain('<script');
}

/**
 * Property-based fuzzing of every auth route on the app an adapter builds (see `ScenarioApp`):
 * malformed queries, bodies, cookies, headers and methods, 10,500 requests in all unless
 * `options.requests` says otherwise.
 * Failures print fast-check's seed and the shrunk request.
 *
 * @group Test suites
 */
export function describeAuthFuzz(name: string, factory: ScenarioAppFactory, options: AuthFuzzOptions = {}): void {
  const requests = options.requests ?? FULL_RUN;
  if (!Number.isInteger(requests) || requests < 1) throw new RangeError('"requests" must be a positive integer');
  /** A route's share of `requests`: its share of the full run, rounded up, so all add up to at least `requests`. */
  const share = (runs: number) => Math.ceil((runs * requests) / FULL_RUN);
  describe(`${name}: auth routes under hostile requests`, () => {
    let fuzz: FuzzWorld;
    let sent = 0;
    beforeAll(async () => {
      fuzz = await FuzzWorld.create(factory);
    });
    afterAll(async () => {
      fuzz.world.identity.close();
      await fuzz.world.app.close?.();
    });

    // Titles and budgets are known up front; the routes' values need the world's issuer.
    for (const [index, { title, runs }] of routeProperties('https://idp.invalid').entries()) {
      it(`${title}: ${share(runs)} requests`, { timeout: 120_000 }, async () => {
        const { route } = routeProperties(fuzz.world.idp.issuer)[index]!;
        const settings = fuzz.requestSettings(options.socket ?? false);
        const sessionCookie = settings.cookieNames.session;
        const property = fc.asyncProperty(requestsFor(route, settings), async (req) => {
          sent++;
          await exchange(fuzz, req, sessionCookie);
        });
        await fc.assert(property, { numRuns: share(runs) });
      });
    }

    const planned = routeProperties('https://idp.invalid').reduce((n, p) => n + share(p.runs), 0);
    it(`sent all ${planned} requests`, () => {
      expect(sent).toBeGreaterThanOrEqual(planned);
    });
  });
}
