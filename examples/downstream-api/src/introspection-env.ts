// The example APIs' `introspection` option from their environment, for providers that issue
// opaque access tokens (RFC 7662): one reading shared by the downstream API and the middle tier.
import type { ApiIntrospectionOptions } from '@identity-web/core/api';

/** The variables it reads; see the README of each example API. */
export const INTROSPECTION_VARIABLES = [
  'API_INTROSPECTION',
  'API_INTROSPECTION_ENDPOINT',
  'API_INTROSPECTION_CLIENTS',
  'API_INTROSPECTION_SCOPE',
  'API_INTROSPECTION_SUBJECT',
] as const;

/**
 * `API_INTROSPECTION=1` turns introspection on; `API_INTROSPECTION_ENDPOINT` names the endpoint a
 * provider's discovery leaves out; `API_INTROSPECTION_CLIENTS` (space-separated client ids) and
 * `API_INTROSPECTION_SCOPE` take answers without `aud` by `withoutAudience`;
 * `API_INTROSPECTION_SUBJECT=username` takes the user from `username`. `undefined` when off; a
 * value it cannot read throws, naming the variable.
 */
export function introspectionFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): ApiIntrospectionOptions | undefined {
  const on = env.API_INTROSPECTION?.trim();
  const others = INTROSPECTION_VARIABLES.slice(1).filter((name) => env[name]?.trim());
  if (on === undefined || on === '' || on === '0' || on === 'false') {
    if (others.length > 0) throw new TypeError(`${others.join(', ')} need API_INTROSPECTION=1`);
    return undefined;
  }
  if (on !== '1' && on !== 'true') throw new TypeError(`API_INTROSPECTION must be 1 or 0, got "${on}"`);
  const clients = env.API_INTROSPECTION_CLIENTS?.split(/\s+/).filter(Boolean) ?? [];
  const scope = env.API_INTROSPECTION_SCOPE?.trim() || undefined;
  const endpoint = env.API_INTROSPECTION_ENDPOINT?.trim() || undefined;
  const subject = env.API_INTROSPECTION_SUBJECT?.trim() || undefined;
  if (subject !== undefined && subject !== 'sub' && subject !== 'username') {
    throw new TypeError(`API_INTROSPECTION_SUBJECT must be "sub" or "username", got "${subject}"`);
  }
  return {
    ...(endpoint !== undefined && { endpoint }),
    ...((clients.length > 0 || scope !== undefined) && {
      withoutAudience: { ...(clients.length > 0 && { clients }), ...(scope !== undefined && { scope }) },
    }),
    ...(subject !== undefined && { subject }),
  };
}
