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
  // 10 of them for Shared Signals: the option, the transmitter port and its request, response and
  // metadata, the pollSecurityEvents and verifySharedSignals outcomes, the event types and the
  // event payloads' unions. +2 for the session list: sessionList, which an app that lists sessions
  // imports and gives as `session.list`, so that createIdentityWeb need not reach the session list;
  // and SessionOptions, the `session` group the list joined, in a file of its own as
  // SharedSignalsOptions is (options.ts had reached the 250 lines a source file may have).
  core: 97,
  // The request flow every adapter runs (requestFlow and its FrameworkExchange, requireAuthCheck,
  // errorAnswer, noteError and notedErrorAnswer, refuseUncalled), a Node or a Fetch request as an
  // HttpRequest (nodeHttpRequest, NodeRequestLike, WebHttpRequest), and setCookieHeader.
  'core-adapter': 31,
  // SignInWarning and UserInfoFailureReason: what a sign-in did without, for the core to log and
  // count; 5 for the Shared Signals transmitter port and its event types, for packages that implement one.
  // +6 (67 → 73): what both IdP packages wrote twice moved here, 7 names (JwksCache and TokenChannel,
  // the key-set cache; isProviderDown and providerFailure, the one "provider is down" rule; idpError,
  // idpUnavailable, safeErrorCode), less isInteractionRequired, which no IdP package used (it stays
  // in the core's main and adapter entries). +1: describeInteraction, the words both IdP packages
  // give an interaction-required error (what the user must do), written once. +1:
  // securityEventReceiver, the Shared Signals receiver a transmitter carries in, so that
  // createIdentityWeb need not reach it (an app without Shared Signals bundles none of it).
  'core-provider': 75,
  'core-store': 40,
  // A protected API: createIdentityWebApi, its options and what it returns (and its provider's
  // shape), the caller, the scheme, the requirement, the verdict and the token's claims; and the
  // six types its options and guard name, so an API imports from this one entry. +14 for calling
  // further APIs on behalf of the user and sign-outs reaching the API: OnBehalfOfRequest and
  // ApiStoreOptions, and the 12 types the provider's and the stores' shapes and the API's methods
  // name (AccessToken, the token-cache store, account registry, store app, logger, logout-token
  // claims, the silent request and token result with its DPoP prover), re-exported as the six are.
  // +1: AccessTokenFormat, the shape a provider's access tokens have (RFC 9068's or Entra ID's).
  'core-api': 30,
  // 68 of them are the core's own types (type-only re-exports) that the suites' signatures name;
  // StoreOutage and describeStoreOutageScenarios take stores down under an adapter's app;
  // FakeSecurityEventTransmitter and SHARED_SIGNALS_SCENARIOS: Shared Signals on a store's own ports.
  // +1: SessionOptions, which IdentityWebOptions names (see core). +8 for a protected API:
  // describeApiScenarios and its app factory's type, and the six API types its signatures name.
  // +1: OnBehalfOfRequest, which IdentityWebApi now names. +1: describeApiStoreScenarios, what a
  // protected API keeps in a store package's set, run by each store package.
  'core-testing': 123,
  // +1: apiBackChannelLogout, a protected API's logout route (so in every adapter below). +1:
  // apiSecurityEvents, its Shared Signals push route (in every adapter below too).
  hono: 17,
  express: 12,
  fastify: 17,
  // +2: protectApi and ApiState, a protected API's guard and what it sets.
  koa: 14,
  // nextIdentityWeb, its options and what it returns; the route-handler, proxy and page-guard
  // types its parts take; the auth-context types re-exported as the other adapters do. +2:
  // protectApi, for an API's route handlers, and its handler's type (13 before them). +1:
  // apiBackChannelLogout. +1: apiSecurityEvents.
  next: 17,
  // sharedSignalsTransmitter, its options and return type, and a stream's request and configuration.
  oidc: 16,
  // SsfTransmitter and its options: a Shared Signals transmitter for tests and the demo.
  'oidc-testing': 17,
  msal: 10,
  'msal-testing': 20,
  redis: 10,
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
