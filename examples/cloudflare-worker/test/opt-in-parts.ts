// The modules of the opt-in parts: an app bundles them only when it brings the part in, Shared
// Signals through its transmitter, the session list as `session.list`, an API's provider methods
// through `createOidcApiProvider`, DPoP through `dpopBinding()`, private_key_jwt through
// `privateKeyJwt(keys)`, callApi's calls through `downstreamApi()`. The core's three lists are the
// lint rules core-shared-signals-opt-in, core-session-list-opt-in and core-downstream-calls-opt-in
// (.dependency-cruiser.mjs).
import type { Metafile } from 'esbuild';

const PARTS = {
  'Shared Signals': [
    'core/src/security-event-receiver',
    'core/src/config/check-shared-signals',
    'core/src/http/security-event.routes',
    'core/src/use-cases/handle-security-event',
    'core/src/use-cases/poll-security-events',
    'core/src/use-cases/poll-timer',
    'core/src/use-cases/verify-security-event-stream',
    'core/src/use-cases/stream-verification',
    'core/src/domain/security-event',
    'core/src/domain/security-event-actions',
    'core/src/domain/security-event-subject',
    'core/src/domain/security-event-refusal',
    'core/src/observability/security-event-log',
    'idp-oidc/src/shared-signals/',
  ],
  'the session list': [
    'core/src/session-list',
    'core/src/http/sign-out-session.routes',
    'core/src/http/device',
    'core/src/use-cases/list-user-sessions',
    'core/src/use-cases/end-user-session',
  ],
  "an API's provider methods": [
    'idp-oidc/src/create-oidc-api-provider',
    'idp-oidc/src/tokens/acquire-on-behalf-of',
    'idp-oidc/src/tokens/introspect',
    'idp-oidc/src/tokens/verify-access-token',
  ],
  "callApi's calls": [
    'core/src/downstream-api',
    'core/src/use-cases/call-downstream-api',
    'core/src/use-cases/api-challenge',
    'core/src/domain/downstream-url',
    'core/src/domain/www-authenticate',
  ],
  DPoP: ['idp-oidc/src/tokens/dpop', 'idp-oidc/src/tokens/es256'],
  private_key_jwt: ['idp-oidc/src/client-keys'],
} as const;

export type OptInPart = keyof typeof PARTS;

/** The modules of `part` among `paths` (a metafile's input paths). */
export function modulesOf(part: OptInPart, paths: Iterable<string>): string[] {
  const names = PARTS[part];
  return [...paths].filter((path) =>
    names.some((name) => (name.endsWith('/') ? path.includes(`/${name}`) : path.endsWith(`/${name}.ts`))),
  );
}

/** The inputs a bundle's code holds bytes of (a module imported but shaken out entirely has none). */
export function bundledInputs(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}
