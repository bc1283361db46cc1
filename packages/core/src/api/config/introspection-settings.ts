// The `introspection` option of createIdentityWebApi, checked once: which provider introspects
// opaque tokens, at which endpoint, what an answer without `aud` must show instead, who the
// caller is, and how long answers are remembered.
import { invalidOption } from '../../domain/errors.js';
import {
  httpsUrl,
  oneOf,
  optionalNumber,
  optionalObject,
  optionalString,
  optionalStringList,
} from '../../domain/option-checks.js';
import type { AudiencelessRule } from '../domain/introspected-claims.js';
import type { AccessTokenProvider, IdentityWebApiOptions } from './api-options.js';

/** How long an introspection answer is remembered by default, in seconds. */
export const DEFAULT_INTROSPECTION_CACHE_SECONDS = 60;

/** Opaque tokens are introspected by `provider`; answers are remembered at most `cacheMs`. */
export interface IntrospectionSettings {
  readonly provider: AccessTokenProvider & Required<Pick<AccessTokenProvider, 'introspectAccessToken'>>;
  readonly cacheMs: number;
  /** The introspection endpoint when the provider's discovery document names none. */
  readonly endpoint?: string;
  /** What an answer without `aud` must show to be taken; absent, such an answer is refused. */
  readonly withoutAudience?: AudiencelessRule;
  /** Where the caller's subject comes from when the answer has no `sub`. */
  readonly subject: 'sub' | 'username';
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
      "needs a provider that introspects tokens: createOidcApiProvider(...) of @identity-web/oidc with the API's clientSecret or clientAuth: privateKeyJwt(keys) (the introspection endpoint answers authenticated clients); Entra ID issues no opaque tokens to APIs",
    );
  }
  const cacheSeconds = optionalNumber(
    settings.cacheSeconds,
    'introspection.cacheSeconds',
    DEFAULT_INTROSPECTION_CACHE_SECONDS,
    { min: 0, max: 3600, integer: true },
  );
  const endpoint =
    settings.endpoint === undefined
      ? undefined
      : httpsUrl(settings.endpoint, 'introspection.endpoint', { loopbackHttp: true }).href;
  const withoutAudience = audiencelessRule(settings.withoutAudience);
  const subject = oneOf(settings.subject ?? 'sub', 'introspection.subject', ['sub', 'username'] as const);
  return {
    provider: provider as IntrospectionSettings['provider'],
    cacheMs: cacheSeconds * 1000,
    ...(endpoint !== undefined && { endpoint }),
    ...(withoutAudience !== undefined && { withoutAudience }),
    subject,
  };
}

/** `introspection.withoutAudience`: `clients`, `scope` or both; an empty rule would take every token. */
function audiencelessRule(value: unknown): AudiencelessRule | undefined {
  const rule = optionalObject(value as object | undefined, 'introspection.withoutAudience') as
    | { clients?: unknown; scope?: unknown }
    | undefined;
  if (rule === undefined) return undefined;
  const clients = optionalStringList(rule.clients, 'introspection.withoutAudience.clients');
  const scope = optionalString(rule.scope, 'introspection.withoutAudience.scope');
  if (scope?.includes(' ')) throw invalidOption('introspection.withoutAudience.scope', 'must be one scope');
  if ((clients === undefined || clients.length === 0) && scope === undefined) {
    throw invalidOption(
      'introspection.withoutAudience',
      'must name the "clients" whose tokens are meant for this API, or the "scope" that stands for it: an answer without "aud" could be any API\'s token',
    );
  }
  return { ...(clients !== undefined && clients.length > 0 && { clients }), ...(scope !== undefined && { scope }) };
}
