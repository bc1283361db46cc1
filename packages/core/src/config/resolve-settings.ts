// createIdentityWeb's options, checked once at creation and resolved into the settings the core runs on.
import { invalidOption } from '../domain/errors.js';
import {
  checkOptionsObject,
  httpsUrl,
  optionalBoolean,
  optionalFunction,
  optionalNumber,
  secretsOption,
} from '../domain/option-checks.js';
import { type ShapeOf, WithMethods } from '../domain/option-keys.js';
import { normalizeScopes } from '../domain/scopes.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import { resolveDownstreamApis, resourcesOf } from './downstream-apis.js';
import type { IdentityWebOptions } from './options.js';
import { PROVIDER_NAME } from './providers.js';
import { cookieNames, cookieSeconds, sessionList, sessionMemo } from './resolve-session.js';
import { resolveSharedSignals } from './resolve-shared-signals.js';
import type { Settings } from './settings.js';

function fail(option: string, expected: string): never {
  throw invalidOption(option, expected);
}

/** `number` and above 0 (seconds). */
function positive(value: unknown, option: string, fallback: number): number {
  return optionalNumber(value, option, fallback, { above: 0 });
}

/** Every key of {@link IdentityWebOptions}; the type makes it list each one, no more. */
const OPTION_SHAPE: ShapeOf<IdentityWebOptions> = {
  identityProvider: true,
  identityProviders: true,
  baseUrl: true,
  secret: true,
  basePath: true,
  scopes: true,
  session: { ttlSeconds: true, memo: true, cookieName: true, idleSeconds: true, list: true },
  tokenCache: { ttlSeconds: true, refreshSkewSeconds: true, hotIndexMaxAccounts: true },
  signInTtlSeconds: true,
  frontChannelLogout: { enabled: true, cookieFallback: true },
  backChannelLogout: { enabled: true },
  // Its keys are checked by the receiver its transmitter carries (check-shared-signals.ts).
  sharedSignals: true,

  pages: { render: true },
  revokeOnRemove: true,
  onSignIn: true,
  // Each a downstreamApi() value, which checked its options when it was made.
  downstreamApis: true,
  fetch: true,
  // Store sets carry methods of their own (`close`): those pass; a misspelt port does not.
  stores: new WithMethods({
    sessionStore: true,
    tokenCacheStore: true,
    accountRegistry: true,
    invalidationBus: true,
    replayCache: true,
    refreshLease: true,
    forApp: true,
  }),
  clock: true,
  logger: true,
};

/** Validates options once, at creation, with messages that name the option. */
export function resolveSettings(options: IdentityWebOptions): Settings {
  checkOptionsObject(options, OPTION_SHAPE, 'createIdentityWeb');
  const providers = resolveProviders(options);

  if (!URL.canParse(options.baseUrl)) fail('baseUrl', 'must be an absolute URL such as "https://app.example.com"');
  const baseUrl = httpsUrl(String(options.baseUrl), 'baseUrl', { loopbackHttp: true });
  if (baseUrl.pathname !== '/') fail('baseUrl', 'must be an origin without a path');

  const secrets = secretsOption(options, true);

  const basePath = options.basePath ?? '/auth';
  if (typeof basePath !== 'string' || !/^\/[A-Za-z0-9._~\-/]*[^/]$/.test(basePath) || basePath.includes('//')) {
    fail('basePath', 'must be a path such as "/auth" (no trailing slash)');
  }
  const scopes = normalizeScopes(options.scopes ?? ['openid', 'profile', 'offline_access']);
  if (!scopes.includes('openid')) fail('scopes', 'must include "openid"');

  const sessionTtlSeconds = cookieSeconds(options.session?.ttlSeconds, 'session.ttlSeconds', 8 * 3600);
  const idleSeconds = optionalNumber(options.session?.idleSeconds, 'session.idleSeconds', 0, {
    min: 1,
    max: sessionTtlSeconds - 1,
    integer: true,
    note: 'below session.ttlSeconds',
  });
  const onSignIn = optionalFunction(options.onSignIn, 'onSignIn');
  const fetch = optionalFunction(options.fetch, 'fetch');
  const downstream = resolveDownstreamApis(options.downstreamApis);

  const secure = baseUrl.protocol === 'https:';
  return {
    baseUrl,
    origin: baseUrl.origin,
    secure,
    secrets,
    basePath,
    redirectUri: `${baseUrl.origin}${basePath}/callback`,
    postLogoutRedirectUri: `${baseUrl.origin}${basePath}/signed-out`,
    scopes,
    sessionTtlSeconds,
    sessionIdleMs: idleSeconds * 1000,
    cacheTtlSeconds: positive(options.tokenCache?.ttlSeconds, 'tokenCache.ttlSeconds', 14 * 86400),
    refreshSkewSeconds: positive(options.tokenCache?.refreshSkewSeconds ?? 300, 'tokenCache.refreshSkewSeconds', 300),
    hotIndexMaxAccounts: optionalNumber(
      options.tokenCache?.hotIndexMaxAccounts,
      'tokenCache.hotIndexMaxAccounts',
      10_000,
      {
        min: 0,
        integer: true,
      },
    ),
    sessionMemo: sessionMemo(options),
    sessionList: sessionList(options.session?.list),
    renderPage: optionalFunction(options.pages?.render, 'pages.render') ?? null,
    signInTtlSeconds: cookieSeconds(options.signInTtlSeconds, 'signInTtlSeconds', 600),
    frontChannel: {
      enabled: optionalBoolean(options.frontChannelLogout?.enabled, 'frontChannelLogout.enabled', true),
      cookieFallback: optionalBoolean(
        options.frontChannelLogout?.cookieFallback,
        'frontChannelLogout.cookieFallback',
        false,
      ),
    },
    backChannel: { enabled: optionalBoolean(options.backChannelLogout?.enabled, 'backChannelLogout.enabled', true) },
    sharedSignals: resolveSharedSignals(options, providers),
    revokeOnRemove: optionalBoolean(options.revokeOnRemove, 'revokeOnRemove', true),
    cookies: cookieNames(options.session?.cookieName, baseUrl, secure),
    onSignIn,
    downstreamApis: downstream.apis,
    downstreamWiring: downstream.wire,
    resources: resourcesOf(downstream.apis),
    // Looked up per call, so a fetch interceptor installed after creation still applies.
    fetch: fetch ?? ((url, init) => globalThis.fetch(url, init)),
  };
}

/**
 * The configured providers, checked: `identityProvider` alone (name `undefined`), or each of
 * `identityProviders` by name, in the order given, with distinct issuers.
 */
export function resolveProviders(options: IdentityWebOptions): { name: string | undefined; idp: IdentityProvider }[] {
  const single = options.identityProvider;
  const several = options.identityProviders;
  if (single !== undefined && several !== undefined) {
    fail('identityProviders', 'cannot be used together with identityProvider: put every provider in identityProviders');
  }
  if (several === undefined) return [{ name: undefined, idp: checkedProvider(single, 'identityProvider') }];
  if (typeof several !== 'object' || several === null || Array.isArray(several)) {
    fail('identityProviders', 'must be an object of providers by name, e.g. { work: createMsalProvider(...) }');
  }
  const entries = Object.entries(several);
  if (entries.length === 0) fail('identityProviders', 'must name at least one provider');
  const issuers = new Map<string, string>();
  return entries.map(([name, idp]) => {
    if (!PROVIDER_NAME.test(name)) {
      fail(`identityProviders.${name.slice(0, 64)}`, 'names must be 1 to 32 letters, digits, "-" or "_"');
    }
    const provider = checkedProvider(idp, `identityProviders.${name}`);
    const same = issuers.get(provider.issuer);
    if (same !== undefined) {
      fail(
        `identityProviders.${name}`,
        `has the issuer of identityProviders.${same} (${provider.issuer}): logouts are told apart by issuer, so each provider needs its own`,
      );
    }
    issuers.set(provider.issuer, name);
    return { name, idp: provider };
  });
}

function checkedProvider(value: unknown, option: string): IdentityProvider {
  const idp = value as Record<string, unknown> | undefined;
  if (!idp || typeof idp !== 'object' || typeof idp.authorizationUrl !== 'function') {
    fail(option, 'must be an IdentityProvider (e.g. createOidcProvider(...) from @identity-web/oidc)');
  }
  if (typeof idp.issuer !== 'string' || idp.issuer === '') fail(`${option}.issuer`, 'must be a string');
  return value as IdentityProvider;
}
