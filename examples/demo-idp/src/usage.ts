// What `pnpm demo:idp --help` prints, and the defaults it names: one place for both, so the help
// never drifts from what the CLI does.

/** The port `pnpm demo` gives its IdP too: the issuer stays `http://127.0.0.1:4000` run after run. */
export const DEFAULT_PORT = 4000;
/** Where the default client's app is: the port the example apps listen on by default. */
export const DEFAULT_APP_URL = 'http://localhost:3000';
/** The client registered when none is given, with a fixed secret so the app's settings survive restarts. */
export const DEFAULT_CLIENT = { clientId: 'my-app', clientSecret: 'my-app-secret-for-the-demo-idp-only' } as const;
export const DEFAULT_BASE_PATH = '/auth';

/** Environment variables the CLI reads; any other `DEMO_IDP_*` one is refused as a typo. */
export const ENV_VARIABLES = [
  'DEMO_IDP_CLIENT_ID',
  'DEMO_IDP_CLIENT_SECRET',
  'DEMO_IDP_APP_URL',
  'DEMO_IDP_PROVIDERS',
  'DEMO_IDP_CLIENT_AUTH',
  'DEMO_IDP_BASE_PATH',
  'DEMO_IDP_PORT',
  'DEMO_IDP_FAPI',
  'DEMO_IDP_MIDDLE_TIER',
] as const;
export type EnvVariable = (typeof ENV_VARIABLES)[number];

export const USAGE = `Usage: pnpm demo:idp [options]

Starts the demo OpenID provider (oidc-provider) on 127.0.0.1, for trying your own app against it.

Options:
  --client <id>[:<secret>][@<app-url>]
                        register a client (repeatable). <app-url> is the app's origin, http on
                        localhost or 127.0.0.1 (default ${DEFAULT_APP_URL}); its redirect and
                        logout URIs are <app-url>${DEFAULT_BASE_PATH}/callback, /signed-out,
                        /front-channel-logout and /back-channel-logout. A <secret> has at least
                        32 characters; left out, one is generated and printed.
  --provider <name>     after a --client: the app names this IdP <name> in identityProviders
                        (repeatable, one per name). Each name gets an IdP of its own, on the
                        next port (identity-web wants a distinct issuer per provider), with the
                        callback <app-url>${DEFAULT_BASE_PATH}/callback/<name>. A name is 1 to 32 letters,
                        digits, "-" or "_".
  --fapi                FAPI 2.0 authorization servers, as \`pnpm demo --fapi\`: pushed authorization
                        requests required, DPoP-bound tokens, private_key_jwt. No secrets: a key
                        pair is made for each client and its private JWK printed, with the
                        createOidcProvider options (profile 'fapi2') to paste.
  --client-key <jwk-file>
                        after a --client, with --fapi: a JSON file with the client's private
                        JWK (EC P-256, with kid), such as one a former run printed, kept so the
                        app's settings survive a restart; left out, a key pair is made per run
  --client-auth <method>
                        how every client authenticates at the token endpoint:
                        client_secret_basic (default), client_secret_post,
                        client_secret_jwt, or none (public clients, no secret); not with --fapi
  --middle-tier <id>[:<secret>]@<api-url>
                        register a middle-tier API (examples/middle-tier-api): a client that
                        may exchange the apps' tokens for the downstream API's (RFC 8693), for
                        its resource api://identity-web-demo-middle (scope middle:read), its
                        users' logouts POSTed to <api-url>/back-channel-logout. A <secret> has
                        at least 32 characters; left out, one is generated and printed. Not
                        with --fapi
  --base-path <path>    where the apps' auth routes live (identity-web's basePath, default ${DEFAULT_BASE_PATH})
  --port <port>         port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one); with several
                        provider names, the first IdP's, the others on the ports after it
  --no-back-channel     drop logout tokens instead of POSTing them to the apps
  --no-front-channel    load no front-channel logout iframes on the logout page
  -h, --help            print this help

Environment (flags win over these; DEMO_IDP_CLIENT_ID registers one more client):
  DEMO_IDP_CLIENT_ID, DEMO_IDP_CLIENT_SECRET, DEMO_IDP_APP_URL   one client, as --client does
  DEMO_IDP_PROVIDERS    that client's provider names, comma-separated, as its --provider flags
  DEMO_IDP_CLIENT_AUTH, DEMO_IDP_BASE_PATH, DEMO_IDP_PORT        as --client-auth, --base-path, --port
  DEMO_IDP_FAPI         1 (or true) as --fapi; 0 (or false) off
  DEMO_IDP_MIDDLE_TIER  as --middle-tier

Shared Signals: beside each IdP runs a transmitter whose issuer is <issuer>/ssf (metadata at
<issuer>/.well-known/ssf-configuration/ssf); its page <issuer>/ssf/send pushes a CAEP or RISC event
about a user to <app-url>${DEFAULT_BASE_PATH}/security-events of every registered app. An app receives them
with createIdentityWeb({ sharedSignals: { transmitter: sharedSignalsTransmitter({ issuer:
'<issuer>/ssf', allowInsecureRequests: true }) } }) (docs/shared-signals.md, "Try it with the demo").

Without any client, one is registered for ${DEFAULT_APP_URL}: id ${DEFAULT_CLIENT.clientId}, secret ${DEFAULT_CLIENT.clientSecret}
(with --fapi: no secret, a key pair made for the run).

Examples:
  pnpm demo:idp
  pnpm demo:idp --client shop@http://localhost:5173
  pnpm demo:idp --client shop:a-secret-of-at-least-32-characters@http://localhost:3000 --port 4100
  pnpm demo:idp --client shop@http://localhost:3000 --provider alpha --provider beta
  pnpm demo:idp --fapi --client shop@http://localhost:3000
  pnpm demo:idp --fapi --client shop@http://localhost:3000 --client-key shop-key.json
  pnpm demo:idp --client shop@http://localhost:3000 --middle-tier middle-tier-api@http://127.0.0.1:4009
`;
