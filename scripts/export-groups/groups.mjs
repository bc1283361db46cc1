// The groups every public export belongs to, by job or by spec: its doc comment's `@group` tag,
// which TypeDoc's pages list it under. `groupOf` is the rule `tag.mjs` applies to an export that
// has none yet, by the folder or file it is declared in.

/** Each group, and what it holds. */
export const GROUPS = {
  Setup: 'what an app writes once: a factory, its options, and the instance it returns',
  Requests: 'the signed-in user of a request: the auth context, the account, tokens, sessions',
  'Route guards': 'what a route requires (requireAuth) and how a refusal is answered',
  Errors: "identity-web's errors, their codes, and the factories that make them",
  Events: 'what an instance reports as it works, and the sign-in hook',
  Observability: 'logging and metrics',
  Pages: 'the pages identity-web answers itself, and how an app renders them',
  HTTP: 'a framework-neutral request and answer, cookies',
  'Back-channel logout': 'OpenID Connect Back-Channel Logout 1.0: the logout token and its verification',
  'Shared Signals': 'OpenID Shared Signals Framework 1.0, CAEP and RISC: transmitters, streams, security events',
  'Protected API':
    'RFC 6750, RFC 9068, RFC 9449 and RFC 7662: an API that accepts access tokens, and calls further APIs',
  'Provider port': 'for identity-provider packages: the port to implement and what its methods take and return',
  'Store ports': 'for store packages: the ports to implement and what they store',
  Stores: 'the in-memory stores, and what a store package shares',
  'Option checks': "the checks a package's factory runs on its options",
  'Adapter flow': 'for adapter packages: the request flow every adapter runs',
  'Test suites': 'suites a package runs against its own implementation',
  'Test doubles': 'fakes, keys and shapes of the real services, for tests',
  Scenarios: 'worlds that run identity-web end to end in a test',
};

const BY_FILE = [
  [/\/src\/testing\/(contracts|hostile|scenarios)\/|\.contract\.ts$|\.suite\.ts$/, 'Test suites'],
  [
    /\/src\/testing\/(scenario|web-scenario|adapter-scenarios|api-scenarios|api-store-scenarios|store-outage)/,
    'Scenarios',
  ],
  [/\/src\/testing\//, 'Test doubles'],
  [/\/protect-api\.ts$|\/core\/src\/api\/|create-oidc-api-provider\.ts$/, 'Protected API'],
  [/security-event|shared-signals|poll-security-events|verify-security-event-stream/, 'Shared Signals'],
  [/logout-token/, 'Back-channel logout'],
  [/\/core\/src\/domain\/(errors|error-codes|provider-failure)\.ts$/, 'Errors'],
  [/\/core\/src\/domain\/(events|event-values|sign-in-event)\.ts$/, 'Events'],
  [/\/core\/src\/(observability\/|ports\/logger\.port\.ts$)/, 'Observability'],
  [/\/core\/src\/domain\/page\.ts$/, 'Pages'],
  [/\/core\/src\/domain\/option-(checks|keys)\.ts$/, 'Option checks'],
  [
    /\/core\/src\/ports\/(identity-provider|identity-provider-requests)\.port\.ts$|identity-provider-requests\.ts$|\/core\/src\/domain\/scopes\.ts$|\/key-set\//,
    'Provider port',
  ],
  [
    /\/core\/src\/ports\/(account-registry|invalidation-bus|refresh-lease|replay-cache|session-store|store-app|token-cache-store)\.port\.ts$/,
    'Store ports',
  ],
  [/\/core\/src\/stores\//, 'Stores'],
  [/\/core\/src\/http\/(auth-context|types)\.ts$/, 'HTTP'],
  [/\/core\/src\/http\/authorize\.ts$|\/require-auth\.ts$|\/auth-error-handler\.ts$/, 'Route guards'],
  [/\/core\/src\/http\//, 'Adapter flow'],
  [/\/core\/src\/(domain\/(account|token)|use-cases\/(acquire-token-request|user-sessions))\.ts$/, 'Requests'],
];

/** The group an export gets by where it is declared (`file` relative to the repository). */
export function groupOf(file, name) {
  // The auth context is what an app reads of each request.
  if (/\/core\/src\/http\/auth-context\.ts$/.test(file)) return 'Requests';
  if (name === 'refreshDueAt') return 'Provider port';
  // An adapter's typed request state: what a route reads the signed-in user from.
  if (/^(SignedIn|signedIn$|IdentityWebState$|IdentityWebEnv$|IdentityWebVariables$|WithAuthContext$)/.test(name)) {
    return 'Requests';
  }
  if (name === 'RequirePageAuthOptions') return 'Route guards';
  if (/\/store-cloudflare\/src\/state-rpc\.ts$/.test(file)) return 'Stores';
  for (const [pattern, group] of BY_FILE) if (pattern.test(`/${file}`)) return group;
  return 'Setup';
}
