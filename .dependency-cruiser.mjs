// Architecture rules for packages/*/src, checked by `pnpm lint:deps` (part of `pnpm lint`).
// Only the sources are cruised: tests and benchmarks may import anything. Paths are the resolved
// files (`.js` specifiers map to the `.ts` sources through tsconfig.depcruise.json), so a rule
// holds whether a module is reached by a relative path or by a package name.
//
// .dependency-cruiser-known-violations.json lists violations that were already in the sources
// when a rule arrived; they are reported as ignored, anything new fails. Once they are fixed,
// empty the list with:
//   depcruise --config .dependency-cruiser.mjs -T baseline -f .dependency-cruiser-known-violations.json packages/*/src

const CORE = '^packages/core/src/';
const core = (dirs) => `${CORE}(${dirs.join('|')})/`;

// The core's one-way layers, bottom first: each layer may import only the layers listed for it
// (and itself). A layer is a folder, or (`PLACES`) the entry files and the composition root;
// `testing/` sits above all.
const LAYERS = {
  domain: [],
  ports: ['domain'],
  crypto: ['domain'],
  cache: ['domain', 'ports'],
  records: ['domain', 'ports', 'crypto'],
  stores: ['domain', 'ports', 'cache'],
  // The issuer's key-set cache the IdP packages share: the one place of the core that uses jose.
  'key-set': ['domain', 'ports'],
  // The package authors' entries sit low: `store` just above the in-memory stores it exports,
  // `provider` just above the ports, the domain and the key-set cache.
  'store entry': ['domain', 'ports', 'cache', 'stores'],
  'provider entry': ['domain', 'ports', 'key-set'],
  // An app's options name the ports' types from those entries by the package's name (`import
  // type { IdentityProvider } from '@identity-web/core/provider'`), so the app entry need not
  // re-export them: types only (core-config-entry-types-only).
  config: ['domain', 'ports', 'provider entry', 'store entry'],
  observability: ['domain', 'ports'],
  'use-cases': ['domain', 'ports', 'config', 'crypto', 'cache', 'records', 'stores', 'observability'],
  http: ['domain', 'ports', 'config', 'crypto', 'cache', 'records', 'stores', 'observability', 'use-cases'],
  'adapter entry': ['domain', 'ports', 'use-cases', 'http'],
  // The composition root (createIdentityWeb, the object it returns, the opt-in parts an app
  // brings in) and the entries of an app and of the Shared Signals receiver.
  app: [
    ...['domain', 'ports', 'crypto', 'cache', 'records', 'stores', 'key-set', 'config', 'observability'],
    ...['use-cases', 'http', 'store entry', 'provider entry', 'adapter entry'],
  ],
  // A protected API (the `api` entry): an opt-in part with its own layers inside, above the web
  // app's: it runs the same use cases (back-channel logout, a SET's verification and `jti` rule)
  // and the same HTTP answers, and none of the web app's routes. It names the core's public types
  // as an app does, by the entry that exports them (`import type { HttpRequest } from
  // '@identity-web/core/adapter'`), so that its own entry need not re-export them: types only
  // (core-api-entry-types-only).
  api: [
    ...['domain', 'ports', 'crypto', 'cache', 'records', 'stores', 'config', 'observability', 'use-cases'],
    ...['http', 'store entry', 'provider entry', 'adapter entry', 'app'],
  ],
};
const OPT_IN_ROOTS = 'security-event-receiver|session-list|downstream-api';
/** The layers that are files, not folders. */
const PLACES = {
  'store entry': `${CORE}store\\.ts$`,
  'provider entry': `${CORE}provider\\.ts$`,
  'adapter entry': `${CORE}adapter\\.ts$`,
  app: `${CORE}(create-identity-web|identity-web|${OPT_IN_ROOTS}|index|shared-signals)\\.ts$`,
  api: `${CORE}(api/|api\\.ts$)`,
};
const place = (layer) => PLACES[layer] ?? core([layer]);
const PUBLIC_ENTRIES = `${CORE}(index|adapter|provider|store)\\.ts$`;
const PLUGIN_ENTRIES = `${CORE}(provider|store)\\.ts$`;
// The composition root: createIdentityWeb wires an instance, identity-web.ts is the object it returns;
// the opt-in parts an app brings in through its options wire themselves into it:
// security-event-receiver.ts (carried by a Shared Signals transmitter), session-list.ts and
// downstream-api.ts (each `downstreamApi()` value carries callApi's code).
const COMPOSITION_ROOT = `${CORE}(create-identity-web|identity-web|${OPT_IN_ROOTS})\\.ts$`;
const ROOT_FILES = `${CORE}(create-identity-web|identity-web|${OPT_IN_ROOTS}|index|adapter|api|provider|shared-signals|store|server-only)\\.ts$`;
const PLACED = [...Object.keys(LAYERS).map(place), core(['testing']), ROOT_FILES];
// The Shared Signals receiver and the modules only it reaches: an app without `sharedSignals`
// bundles none of them, so nothing else imports them but their own entry (the one value,
// `securityEventReceiver`, a transmitter carries) and testing/; a type is no import in a bundle.
const SHARED_SIGNALS = `${CORE}(security-event-receiver|config/check-shared-signals|http/security-event(\\.routes|-push)|use-cases/(handle-security-event|poll-security-events|poll-timer|verify-security-event-(stream|token)|stream-verification|security-event-replay)|domain/security-event(-actions|-receiver-options|-subject|-refusal)?|observability/security-event-log)\\.ts$`;
// The session list's: imported only by each other, the app entry (its one value, `sessionList`)
// and testing/, so an app without `session.list` bundles none of them.
const SESSION_LIST = `${CORE}(session-list|http/sign-out-session\\.routes|http/device|use-cases/(list-user-sessions|end-user-session))\\.ts$`;
// callApi's: the call, the rule that keeps a path below the API's base URL and the reading of the
// API's challenges, imported only by each other, the app entry (`downstreamApi`) and testing/, so an
// app that gives no downstreamApi() value bundles none of them.
const DOWNSTREAM_CALLS = `${CORE}(downstream-api|use-cases/(call-downstream-api|api-challenge)|domain/(downstream-url|www-authenticate))\\.ts$`;

// An opt-in part's modules are imported only by each other, the entry that exports its one value
// and testing/ (a type-only import puts nothing in a bundle).
const optInRules = [
  // A protected API (itself opt-in, apart from createIdentityWeb) receives Shared Signals with them too.
  [
    'core-shared-signals-opt-in',
    'the Shared Signals receiver',
    SHARED_SIGNALS,
    'shared-signals',
    'sharedSignals',
    ['api'],
  ],
  ['core-session-list-opt-in', 'the session list', SESSION_LIST, 'index', 'session.list', []],
  ['core-downstream-calls-opt-in', "callApi's calls", DOWNSTREAM_CALLS, 'index', 'a downstreamApi() value', []],
].map(([name, part, modules, entry, option, alsoFrom]) => ({
  name,
  severity: 'error',
  comment: `${part}'s modules are imported only by each other, the ${entry} entry (its one value) and testing/: never on createIdentityWeb's path, so an app without ${option} bundles none of them`,
  from: { path: CORE, pathNot: [modules, `${CORE}${entry}\\.ts$`, core(['testing', ...alsoFrom])] },
  to: { path: modules, dependencyTypesNot: ['type-only'] },
}));

// A protected API's modules: reached only through the api entry (and testing/), so a web app that
// protects no API bundles none of them, nor the jose code of its DPoP proof check.
optInRules.push({
  name: 'core-api-opt-in',
  severity: 'error',
  comment: "core/src/api is imported only by itself, the api entry and testing/: never on createIdentityWeb's path",
  from: { path: CORE, pathNot: [core(['api', 'testing']), `${CORE}api\\.ts$`] },
  to: { path: core(['api']), dependencyTypesNot: ['type-only'] },
});

optInRules.push({
  name: 'core-config-entry-types-only',
  severity: 'error',
  comment: 'core/src/config takes only types from the provider and store entries: a value comes from its own module',
  from: { path: core(['config']) },
  to: { path: PLUGIN_ENTRIES, dependencyTypesNot: ['type-only'] },
});

optInRules.push({
  name: 'core-api-entry-types-only',
  severity: 'error',
  comment: 'core/src/api takes only types from the public entries: a value comes from its own module',
  from: { path: core(['api']) },
  to: { path: PUBLIC_ENTRIES, dependencyTypesNot: ['type-only'] },
});

const layerRules = Object.entries(LAYERS).map(([layer, below]) => ({
  name: `core-layer-${layer.replace(' ', '-')}`,
  severity: 'error',
  comment: below.length
    ? `core/src ${layer} may import only ${below.join(', ')} (and itself) of the core`
    : `core/src ${layer} imports nothing of the core outside ${layer}`,
  from: { path: place(layer) },
  to: { path: CORE, pathNot: [place(layer), ...below.map(place)] },
}));

// Node built-ins: `node:*` and bare names both resolve to dependency type `core`.
const NODE_BUILTIN = { dependencyTypes: ['core'] };
// A package name matched both resolved (through node_modules, pnpm's .pnpm store included) and
// unresolved (the bare specifier, when the importing package does not depend on it).
const npm = (names) => `(^|/node_modules/)(${names.join('|')})(/|$)`;
const PLUGIN_SRC = '^packages/((adapter|idp|store)-[^/]+)/src/';
const CORE_ENTRIES = `${ROOT_FILES.replace(`create-identity-web|identity-web|${OPT_IN_ROOTS}|`, '')}|${CORE}testing/index\\.ts$`;

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no import cycles in any package source',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'every import resolves (a typo or an undeclared package otherwise slips through the rules); ' +
        "workerd's own modules (cloudflare:*) exist only inside the Workers runtime; a package's " +
        'server-only.ts, what a browser bundle gets, imports a specifier that resolves nowhere on purpose',
      from: { path: '^packages/[^/]+/src/', pathNot: '^packages/[^/]+/src/server-only\\.ts$' },
      // `cloudflare:*` modules are provided by the Workers runtime itself.
      to: { couldNotResolve: true, pathNot: '^cloudflare:' },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      comment: 'sources never import test or benchmark code',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: '^packages/[^/]+/(test|bench)/' },
    },
    ...layerRules,
    {
      name: 'core-root-only-from-top',
      severity: 'error',
      comment: 'only testing/ and the entry files import the composition root',
      from: { path: CORE, pathNot: [core(['testing']), ROOT_FILES] },
      to: { path: COMPOSITION_ROOT },
    },
    ...optInRules,
    {
      name: 'testing-only-from-testing',
      severity: 'error',
      comment: "a package's src/testing/ (and the core's testing entry) is imported only from src/testing/",
      from: { path: '^packages/[^/]+/src/', pathNot: '^packages/[^/]+/src/testing/' },
      to: { path: '^packages/[^/]+/src/testing/' },
    },
    {
      name: 'core-unplaced-module',
      severity: 'error',
      comment: 'every core module belongs to a layer folder or is a root file (add new folders to LAYERS)',
      from: { path: CORE, pathNot: PLACED },
      to: {},
    },
    {
      name: 'core-to-unplaced-module',
      severity: 'error',
      comment: 'every core module belongs to a layer folder or is a root file (add new folders to LAYERS)',
      from: {},
      to: { path: CORE, pathNot: PLACED },
    },
    {
      name: 'core-imports-no-other-package',
      severity: 'error',
      comment: 'the core is the bottom of the workspace: it imports no other @identity-web package',
      from: { path: CORE },
      to: { path: '^packages/', pathNot: '^packages/core/' },
    },
    {
      name: 'core-no-node-builtin',
      severity: 'error',
      comment: 'the core runs on any runtime: no Node built-in',
      from: { path: CORE },
      to: NODE_BUILTIN,
    },
    {
      name: 'core-no-framework',
      severity: 'error',
      comment: 'frameworks belong to the adapters',
      from: { path: CORE },
      to: {
        path: npm([
          'koa',
          'hono',
          'express',
          'fastify',
          'fastify-plugin',
          '@koa/[^/]+',
          '@fastify/[^/]+',
          '@types/koa',
          '@types/koa__[^/]+',
          '@types/express',
        ]),
      },
    },
    {
      name: 'core-no-idp-library',
      severity: 'error',
      comment:
        'identity-provider libraries belong to the IdP packages (jose: only core/src/key-set, below, and the DPoP proof check of core/src/api, which only the api entry reaches)',
      from: {
        path: CORE,
        pathNot: [core(['key-set']), `${CORE}(api/dpop/(web-proof-verify|proof-jws)|testing/api-token-issuer)\\.ts$`],
      },
      to: { path: npm(['@azure/msal-node', '@azure/msal-common', 'oauth4webapi', 'jose', 'openid-client']) },
    },
    {
      name: 'core-key-set-jose-only',
      severity: 'error',
      comment: 'the key-set cache uses jose (Web Crypto, edge-safe) and no other identity-provider library',
      from: { path: core(['key-set']) },
      to: { path: npm(['@azure/msal-node', '@azure/msal-common', 'oauth4webapi', 'openid-client']) },
    },
    {
      name: 'core-key-set-only-from-provider-entry',
      severity: 'error',
      comment:
        "only the provider entry (imported by the IdP packages alone) reaches the key-set cache, so jose stays out of apps' core entries",
      from: { path: CORE, pathNot: [core(['key-set']), `${CORE}provider\\.ts$`] },
      to: { path: core(['key-set']) },
    },
    {
      name: 'edge-safe-no-node-builtin',
      severity: 'error',
      comment: 'the Hono adapter and @identity-web/oidc run on edge runtimes: no Node built-in',
      from: { path: '^packages/(adapter-hono|idp-oidc)/src/' },
      to: NODE_BUILTIN,
    },
    {
      name: 'plugin-core-public-entries-only',
      severity: 'error',
      comment:
        'adapters, IdP and store packages use the core through @identity-web/core, /adapter, /api, /provider, /store, /testing',
      from: { path: PLUGIN_SRC },
      to: { path: '^packages/core/', pathNot: CORE_ENTRIES },
    },
    {
      name: 'plugin-core-by-name',
      severity: 'error',
      comment: 'adapters, IdP and store packages import the core by package name, never by a relative path',
      from: { path: PLUGIN_SRC },
      // A tsconfig-paths alias is also typed `local`; a real relative path is not `aliased`.
      to: { path: '^packages/core/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'plugin-no-sibling-package',
      severity: 'error',
      comment: 'adapters, IdP and store packages depend on the core only, not on each other',
      from: { path: PLUGIN_SRC },
      to: { path: '^packages/', pathNot: '^packages/($1|core)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.(test|bench)\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'default'],
      extensions: ['.ts', '.d.ts', '.js'],
      mainFields: ['types', 'module', 'main'],
    },
    skipAnalysisNotInRules: true,
  },
};
