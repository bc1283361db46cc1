// The adapters' guard: each framework adapter is its framework's exchange with the core and its
// idioms, nothing else. The request flow (the auth routes, the context, the 503 of a store that
// is down, the challenge) is the core's `requestFlow`; an adapter that calls the HTTP surface's
// steps itself is writing the flow again.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');

/**
 * Code lines an adapter may have, all files together; a file stays under {@link FILE_BUDGET}.
 * +5 (220 → 225) for `apiBackChannelLogout`, a protected API's logout route: the core answers it,
 * the adapter reads the request and writes the answer, as for `protectApi`. +5 (225 → 230) for
 * `apiSecurityEvents`, its Shared Signals push route, written the same way. +10 (230 → 240) for an
 * identity-web error thrown behind `protectApi` answered as JSON (`apiErrorAnswer`), where each
 * framework keeps a handler's error its own way (Koa's rejection, Hono's `c.error`, Fastify's and
 * Express's error handlers), and the API's guard and routes (`apiGuardFlow`, `apiRouteFlow`).
 */
const ADAPTER_BUDGET = 240;
const FILE_BUDGET = 120;
/**
 * Next.js runs an app's code in three places, each translated on its own: route handlers (the
 * auth routes and the app's), renders (server components and actions, which can write nothing
 * back: their challenges become `redirect()`, a store outage a redirect to a 503 page) and
 * `proxy.ts` (path protection); and it keeps one instance per process across its bundles. +20
 * for `protectApi`, the API route handlers, whose API may be made at the first request so that
 * `next build` never reads its settings. +10 for `apiBackChannelLogout` (an API made at the first
 * request too). +10 for `apiSecurityEvents` (the same, its receiver asked for at once when given
 * an API, at the first request when given a factory). +75 for Next.js's own defaults: the
 * catch-all route's method check (a route module that exports only GET is named in the log, since
 * Next.js's 405 reaches no code; a module that wraps the handlers is told apart), the edge runtime
 * refused in every part (the API's too), and the browser bundle's refusal. +15 for an
 * identity-web error thrown by an API handler answered as JSON, and the API checked (`apiGuardFlow`, `apiRouteFlow`).
 */
const BUDGETS: Record<string, number> = { 'adapter-next': 550 };

/**
 * Code lines of the API's glue, `protect-api.ts`: the framework's exchange with the API's guard
 * and routes, and the three functions. The guard, its verdict and the thrown-error mapping are
 * the core's (`apiGuardFlow`, `apiRouteFlow`). Next.js: its route handlers take the API or a
 * function that makes it at the first request (three long signatures), refuse the edge runtime
 * before that function runs, and copy a `Response` whose headers may be immutable.
 */
const API_GLUE_BUDGET = 30;
const API_GLUE_BUDGETS: Record<string, number> = { 'adapter-next': 48 };

const adapters = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name.startsWith('adapter-'))
  .map((entry) => {
    const src = join(packagesDir, entry.name, 'src');
    const files = readdirSync(src)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => {
        const text = readFileSync(join(src, name), 'utf8');
        // Code lines only: the TSDoc of the public API (its examples included) is documentation.
        const code = text.replace(/\/\*\*[\s\S]*?\*\//g, '');
        const lines = code.split('\n').filter((line) => line.trim() !== '');
        return {
          name,
          code,
          lines: lines.length,
          codeLines: lines.filter((line) => !line.trim().startsWith('//')).length,
        };
      });
    return { name: entry.name, files };
  });

describe('the framework adapters', () => {
  it('are found', () => {
    expect(adapters.map((a) => a.name).sort()).toEqual(
      expect.arrayContaining(['adapter-express', 'adapter-fastify', 'adapter-hono', 'adapter-koa']),
    );
  });

  it.each(adapters)(
    `$name stays thin: under ${ADAPTER_BUDGET} code lines (Next.js: ${BUDGETS['adapter-next']}), each file under ${FILE_BUDGET}`,
    ({ name, files }) => {
      expect(files.reduce((sum, file) => sum + file.lines, 0)).toBeLessThan(BUDGETS[name] ?? ADAPTER_BUDGET);
      for (const file of files) expect(file.lines, file.name).toBeLessThan(FILE_BUDGET);
    },
  );

  it.each(adapters)(
    `$name glues the API in protect-api.ts: at most ${API_GLUE_BUDGET} code lines (Next.js: ${API_GLUE_BUDGETS['adapter-next']})`,
    ({ name, files }) => {
      const glue = files.find((file) => file.name === 'protect-api.ts');
      expect(glue, 'protect-api.ts').toBeDefined();
      expect(glue?.codeLines).toBeLessThanOrEqual(API_GLUE_BUDGETS[name] ?? API_GLUE_BUDGET);
    },
  );

  it.each(adapters)(
    '$name leaves the request flow to the core: no step of the HTTP surface called by hand',
    ({ files }) => {
      // `identity.http.warn(...)` is no step: it logs what an adapter noticed about how it was mounted.
      const steps = /\.(handle|context|handleError|authorize|challenge)\(|identity\.http(?!\.warn\()|createRequestSlot/;
      const offending = files.flatMap(({ name, code }) =>
        code
          .split('\n')
          .filter((line) => steps.test(line) && !line.trim().startsWith('//'))
          .map((line) => `${name}: ${line.trim()}`),
      );
      expect(offending).toEqual([]);
    },
  );
});
