// What each adapter's `protectApi`, `apiBackChannelLogout` and `apiSecurityEvents` share: the
// check that they were given the API (the fix named when they were not), and how an error thrown
// by a route behind `protectApi` is answered.
import { ErrorCode, IdentityWebError, isIdentityWebError } from '../domain/errors.js';
import { silentLogger } from '../ports/logger.port.js';
import { errorResult } from './responses.js';
import type { HttpResult } from './types.js';

/**
 * `api` when it is what `createIdentityWebApi()` of `@identity-web/core/api` returns (it has a
 * `guard`). Otherwise an `invalid_argument` error (`option: 'api'`) that names the fix: `name` passed uncalled, so the framework called it with
 * its request (anything with a `method` or a `req`, which an API has not), or called without the
 * API.
 */
export function checkedApi<Api>(
  api: Api,
  name: 'protectApi' | 'apiBackChannelLogout' | 'apiSecurityEvents',
  hint: {
    /** `Koa called it with its context`. */
    readonly calledBy: string;
    /** The fix, from the call to write (`protectApi(api, { scopes })`). Default: `<call> in the route`. */
    readonly write?: (call: string) => string;
  },
): Api {
  if (typeof (api as { guard?: unknown } | null | undefined)?.guard === 'function') return api;
  const call = name === 'protectApi' ? 'protectApi(api, { scopes })' : `${name}(api)`;
  const request = typeof api === 'object' && api !== null && ('method' in api || 'req' in api);
  const fix = request
    ? `${name} was passed uncalled, so ${hint.calledBy}: write ${hint.write?.(call) ?? `${call} in the route`},`
    : `${name}() needs the API: ${name}(api)`;
  throw new IdentityWebError(
    ErrorCode.InvalidArgument,
    `${fix} with api = createIdentityWebApi({...}) from @identity-web/core/api`,
    { option: 'api' },
  );
}

/**
 * An identity-web error a route behind `protectApi` threw (a refused token exchange, a store
 * down), as an API answers it: the error table's status and JSON `{ error, error_description }`
 * (a 5xx with a generic description: its details are the server's, for the adapter to log),
 * `Cache-Control: no-store`, `Retry-After` on a 503; never a page or a redirect. `null` for any
 * other error, which goes on to the app's own handler.
 */
export function apiErrorAnswer(error: unknown): HttpResult | null {
  return isIdentityWebError(error) ? errorResult(error, silentLogger, { format: 'json', logged: true }) : null;
}
