// The public API has a budget: each entry's API report (packages/*/etc/*.api.md, written by
// `pnpm api:update`) may hold at most so many exports, and no report may have a forgotten export
// (a type a signature names that its entry does not export).
//
// An entry that grows past its budget fails here: trim it first (a narrower signature, an
// internal moved out of the entry), and raise the budget only when the new exports are meant for
// app, adapter, identity-provider or store authors. A new entry needs a budget of its own.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Exports allowed per report (`core-testing`: packages/core/etc/core-testing.api.md). */
const BUDGETS: Readonly<Record<string, number>> = {
  // Each name has one entry: an entry whose signatures name another entry's type imports it from
  // that entry by the package's name (the reports list those imports), and a name in two entries
  // has its reason written beside it in the entry file. Set at each entry's count (462 exports
  // in all when this rule came in; 406 with it).
  //
  // What an app writes: createIdentityWeb and its options, the auth context, errors, events,
  // metrics, the session list and Shared Signals options. The ports' types too, which
  // IdentityWebOptions names (the in-memory stores went to `store`: 97 → 88). The ports' types are
  // the provider and store entries' own, which the options import by the package's name; the HTTP
  // surface's types are the adapter entry's (88 → 56). The `stores` option is `Partial<StoreSet>`,
  // the store entry's one store-set type (IdentityWebStoreOptions went: 56 → 55). downstreamApi and
  // its DownstreamApi, the `downstreamApis` values, which bring callApi's code into an app that
  // gives one and into no other (55 → 57).
  core: 57,
  // The request flow every adapter runs (requestFlow and its FrameworkExchange, requireAuthFlow,
  // errorAnswer, authReader for a render, refuseUncalled), a Node or a Fetch request as an
  // HttpRequest, setCookieHeader; and the app's types the flow passes on (31 → 26: the errors are
  // the app entry's). The API's guard and routes written once: apiGuardFlow, apiRouteFlow, their
  // ApiExchange and GuardedApi (26 → 31). The HTTP surface's types, which the app entry no longer
  // repeats (31 → 31). The thrown-error mapping and the guard's verdict written once: errorAnswer
  // answers behind protectApi too (apiErrorAnswer left), requireAuthFlow in place of
  // requireAuthCheck, authReader in place of a render flag, and a Fastify hook's noted error is
  // Fastify's own (noteError and notedErrorAnswer left): 31 → 29.
  'core-adapter': 29,
  // createIdentityWebApi, its options and what it returns, the caller, the scheme, the requirement,
  // the verdict, the token's claims and the on-behalf-of request. The core's types its signatures
  // name are imported from their entries (30 → 12). ApiIntrospectionOptions, the `introspection`
  // option's object (12 → 13).
  'core-api': 13,
  // The provider port and its types, the logout-token verifier, the option checks (store packages
  // run them too), scope helpers, error factories, the provider-down rule, the key-set cache and
  // the transmitter's port (the Shared Signals receiver went to its own entry: 73 → 72). EachValue
  // went with the last option map that checked its values' keys (`downstreamApis`, whose values
  // downstreamApi() checks): 72 → 71.
  'core-provider': 71,
  // securityEventReceiver, the one value a Shared Signals transmitter carries: an entry of its own,
  // so that nothing an app without Shared Signals imports reaches the receiver's modules.
  'core-shared-signals': 1,
  // The storage ports, the errors a store throws and the in-memory stores (the option checks are
  // `provider`'s: 39 → 25 with the 9 memory stores in). invalidationWire and namespaceForApp,
  // which the Redis and PostgreSQL packages each wrote for themselves before: 27.
  // StoreSet: the one store-set type every store package's set extends (27 → 28).
  'core-store': 28,
  // The suites, fakes and scenario worlds; the core's types they name are imported from their
  // entries, not re-exported (123 → 46).
  // The store contract suite runs on the store entry's StoreSet, no set type of its own (46 → 45).
  'core-testing': 45,
  // Each adapter: its middleware or plugin, requireAuth, protectApi and an API's two logout routes,
  // and the framework's typed state. The auth context's types are the core's (5 fewer each).
  hono: 12,
  express: 7,
  fastify: 12,
  koa: 9,
  // nextIdentityWeb, its options and what it returns; the route-handler, proxy and page-guard
  // types its parts take; protectApi, its handler's type, and an API's two logout routes.
  next: 12,
  // sharedSignalsTransmitter, its options and return type, and a stream's request and configuration.
  // createOidcApiProvider and its return type: an API's methods, which a web app no longer bundles
  // (16 → 18). dpopBinding and its DpopBinding, the `dpop` option's value, which brings DPoP's
  // code into an app that passes it and into no other (18 → 20). privateKeyJwt and its
  // PrivateKeyJwt, the `clientAuth` value for private_key_jwt, likewise (20 → 22).
  oidc: 22,
  // SsfTransmitter and its options: a Shared Signals transmitter for tests and the demo.
  // The fake's identity is one object, FAKE_OPENID, and the helpers only the package's own tests
  // use (discovery document, logout claims, key making and signing) left the entry (17 → 9).
  'oidc-testing': 9,
  msal: 6,
  // The fake Entra, its keys, its users and its identity: one object, FAKE_ENTRA, for the six
  // constants; a user's home account id and client_info are FakeUser fields, the ID token claims
  // FakeEntra.claimsOf, and the error-body shapes only the package's own tests use left (18 → 7).
  'msal-testing': 7,
  redis: 6,
  // createPostgresStores with its options and stores, migrate and migrationScripts with theirs,
  // and PostgresPool: the pool option's type, so that apps compile without @types/pg.
  postgres: 10,
  cloudflare: 10,
};

interface ReportCount {
  /** Lines starting with `export `: one per exported declaration. */
  readonly exports: number;
  /** `ae-forgotten-export` warnings. */
  readonly forgotten: readonly string[];
}

/** Counts one API report's exports and lists its forgotten exports. */
function countReport(text: string): ReportCount {
  const lines = text.split('\n');
  return {
    exports: lines.filter((line) => line.startsWith('export ')).length,
    forgotten: lines
      .filter((line) => line.includes('(ae-forgotten-export)'))
      .map((line) => /The symbol "([^"]+)"/.exec(line)?.[1] ?? line.trim()),
  };
}

/** What is wrong with the reports, given their text by name; `[]` when every one is within budget. */
function budgetProblems(
  reports: Readonly<Record<string, string>>,
  budgets: Readonly<Record<string, number>>,
): string[] {
  const problems: string[] = [];
  for (const [name, text] of Object.entries(reports)) {
    const { exports, forgotten } = countReport(text);
    const budget = budgets[name];
    if (budget === undefined) problems.push(`${name}: no budget (add one to BUDGETS)`);
    else if (exports > budget) problems.push(`${name}: ${exports} exports, over its budget of ${budget}`);
    if (forgotten.length > 0) problems.push(`${name}: forgotten exports ${forgotten.join(', ')}`);
  }
  for (const name of Object.keys(budgets)) {
    if (!(name in reports)) problems.push(`${name}: a budget but no report`);
  }
  return problems;
}

/**
 * The names that stand in two of the core's entries, by entry: each entry file says why beside
 * them. The app's errors, `Account` and `Logger` are also a provider package's, which throws or
 * returns them; the errors are also a store's; `Clock` is both package authors' (a provider and a
 * store take one); the auth context's types are also what the adapter flow passes between
 * framework and app. Any other name in two of the core's entries fails, and so does a name listed
 * here that is no longer in two.
 */
const SHARED_NAMES: Readonly<Record<string, readonly string[]>> = {
  'core-adapter': [
    'AccessToken',
    'Account',
    'AcquireTokenRequest',
    'AnonymousAuthContext',
    'AuthContext',
    'RequireAuthOptions',
    'SignedInAuthContext',
    'UserSession',
    'UserSummary',
  ],
  'core-provider': [
    'Account',
    'Clock',
    'ErrorCode',
    'IdentityWebError',
    'IdentityWebErrorOptions',
    'InteractionRequest',
    'InteractionRequiredError',
    'Logger',
    'LogoutTokenClaims',
    'UserInfoFailureReason',
  ],
  'core-store': ['Clock', 'ErrorCode', 'IdentityWebError', 'IdentityWebErrorOptions'],
};

/** The names an API report declares (`export interface X`, `export function x`, ...), once each. */
function declaredNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const name = /^export (?:declare )?(?:abstract )?(?:const|function|interface|type|class|enum|namespace) (\w+)/.exec(
      line,
    )?.[1];
    if (name !== undefined) names.add(name);
  }
  return names;
}

/** Names in two of the core's entries that the table above does not give a reason for. */
function unexplainedSharedNames(reports: Readonly<Record<string, string>>): string[] {
  const core = Object.keys(reports).filter((name) => name === 'core' || name.startsWith('core-'));
  const problems: string[] = [];
  for (const [i, a] of core.entries()) {
    for (const b of core.slice(i + 1)) {
      const inB = declaredNames(reports[b] ?? '');
      for (const name of declaredNames(reports[a] ?? '')) {
        if (!inB.has(name)) continue;
        // The app's type, which each of the two entries has a reason to name.
        const explained = [a, b].every((entry) => entry === 'core' || SHARED_NAMES[entry]?.includes(name));
        if (!explained) problems.push(`${name}: in ${a} and ${b}`);
      }
    }
  }
  return problems;
}

/**
 * Names another package declares that the core's entries declare too: an app imports from the
 * core and from its adapter, provider and store packages side by side, so one name must not mean
 * two types there (Fastify's plugin options were once `IdentityWebOptions`, as createIdentityWeb's are).
 */
function namesClashingWithCore(reports: Readonly<Record<string, string>>): string[] {
  const isCore = (name: string) => name === 'core' || name.startsWith('core-');
  const core = new Set(
    Object.entries(reports)
      .filter(([name]) => isCore(name))
      .flatMap(([, text]) => [...declaredNames(text)]),
  );
  return Object.entries(reports)
    .filter(([name]) => !isCore(name))
    .flatMap(([entry, text]) =>
      [...declaredNames(text)].filter((name) => core.has(name)).map((n) => `${n}: in ${entry}`),
    );
}

/** Every API report of the workspace, by name (`core-testing`). */
function readReports(): Record<string, string> {
  const reports: Record<string, string> = {};
  for (const dir of readdirSync(join(root, 'packages'))) {
    const etc = join(root, 'packages', dir, 'etc');
    let names: string[];
    try {
      names = readdirSync(etc);
    } catch {
      continue; // a package without reports
    }
    for (const name of names.filter((n) => n.endsWith('.api.md'))) {
      reports[name.slice(0, -'.api.md'.length)] = readFileSync(join(etc, name), 'utf8');
    }
  }
  return reports;
}

describe('API budget', () => {
  it('every entry is within its budget and has no forgotten export', () => {
    const reports = readReports();
    expect(Object.keys(reports).length).toBeGreaterThan(0);
    expect(budgetProblems(reports, BUDGETS)).toEqual([]);
  });

  it('has no name in two of the core entries without its reason', () => {
    expect(unexplainedSharedNames(readReports())).toEqual([]);
  });

  it('lists only names that are in two of the core entries', () => {
    const reports = readReports();
    const core = Object.keys(reports).filter((name) => name === 'core' || name.startsWith('core-'));
    const stale = Object.entries(SHARED_NAMES).flatMap(([entry, names]) =>
      names
        .filter((name) => {
          const holders = core.filter((other) => declaredNames(reports[other] ?? '').has(name));
          return !holders.includes(entry) || holders.length < 2;
        })
        .map((name) => `${name}: listed for ${entry}`),
    );
    expect(stale).toEqual([]);
  });

  it('has no name in another package that the core declares too', () => {
    expect(namesClashingWithCore(readReports())).toEqual([]);
    const report = (...lines: string[]) => ['```ts', ...lines, '```'].join('\n');
    expect(
      namesClashingWithCore({
        core: report('export interface IdentityWebOptions {'),
        fastify: report('export interface IdentityWebOptions {', 'export const identityWeb: unknown;'),
      }),
    ).toEqual(['IdentityWebOptions: in fastify']);
  });

  it('the whole API stays below the 462 exports it had when each name got one entry', () => {
    const total = Object.values(readReports()).reduce((sum, text) => sum + countReport(text).exports, 0);
    expect(total).toBeLessThan(462);
  });

  it('fails a name in two core entries without a reason', () => {
    const report = (...lines: string[]) => ['```ts', ...lines, '```'].join('\n');
    expect(
      unexplainedSharedNames({
        core: report('export interface IdentityWebError {', 'export function createIdentityWeb(): void;'),
        'core-store': report('export interface IdentityWebError {', 'export function createIdentityWeb(): void;'),
      }),
    ).toEqual(['createIdentityWeb: in core and core-store']);
  });

  it('fails an entry over its budget, a forgotten export, an entry without a budget and a budget without a report', () => {
    const report = [
      '```ts',
      '// Warning: (ae-forgotten-export) The symbol "Internal" needs to be exported by the entry point index.d.ts',
      'export function a(x: Internal): void;',
      'export interface B {',
      '    readonly c: string;',
      '}',
      '```',
    ].join('\n');
    expect(countReport(report)).toEqual({ exports: 2, forgotten: ['Internal'] });
    expect(budgetProblems({ small: report, unbudgeted: '' }, { small: 1, gone: 5 })).toEqual([
      'small: 2 exports, over its budget of 1',
      'small: forgotten exports Internal',
      'unbudgeted: no budget (add one to BUDGETS)',
      'gone: a budget but no report',
    ]);
  });
});
