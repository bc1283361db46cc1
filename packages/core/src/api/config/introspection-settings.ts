// The `introspection` option of createIdentityWebApi, checked once: which provider introspects
// opaque tokens, and how long its answers are remembered.
import { invalidOption } from '../../domain/errors.js';
import { optionalNumber, optionalString } from '../../domain/option-checks.js';
import type { AccessTokenProvider, IdentityWebApiOptions } from './api-options.js';

/** How long an introspection answer is remembered by default, in seconds. */
export const DEFAULT_INTROSPECTION_CACHE_SECONDS = 60;

/** Opaque tokens are introspected by `provider`; answers are remembered at most `cacheMs`. */
export interface IntrospectionSettings {
  readonly provider: AccessTokenProvider & Required<Pick<AccessTokenProvider, 'introspectAccessToken'>>;
  readonly cacheMs: number;
}

/** `introspection`: off by default; on, the one provider (or the one `issuer` names) must introspect. */
export function resolveIntrospection(
  options: IdentityWebApiOptions,
  providers: readonly AccessTokenProvider[],
): IntrospectionSettings | undefined {
  const value = options.introspection;
  if (value === undefined || value === false) return undefined;
  const settings: Exclude<typeof value, boolean> = value === true ? {} : value;
  if (typeof settings !== 'object' || settings === null) {
    throw invalidOption('introspection', 'must be true, false or an object');
  }
  const issuer = optionalString(settings.issuer, 'introspection.issuer');
  if (issuer === undefined && providers.length > 1) {
    throw invalidOption('introspection.issuer', 'must name the provider that introspects: the API trusts several');
  }
  const provider = issuer === undefined ? providers[0] : providers.find((candidate) => candidate.issuer === issuer);
  if (provider === undefined) throw invalidOption('introspection.issuer', "is not one of the API's providers");
  if (typeof provider.introspectAccessToken !== 'function') {
    throw invalidOption(
      'introspection',
      "needs a provider that introspects tokens: createOidcApiProvider(...) of @identity-web/oidc with the API's clientSecret or clientPrivateKeys (the introspection endpoint answers authenticated clients); Entra ID issues no opaque tokens to APIs",
    );
  }
  const cacheSeconds = optionalNumber(
    settings.cacheSeconds,
    'introspection.cacheSeconds',
    DEFAULT_INTROSPECTION_CACHE_SECONDS,
    { min: 0, max: 3600, integer: true },
  );
  return { provider: provider as IntrospectionSettings['provider'], cacheMs: cacheSeconds * 1000 };
}
