// One GET of an issuer's key set, its failures typed by the one provider-failure rule.

import { isIdentityWebError } from '../domain/errors.js';
import { idpError, providerFailure } from '../domain/provider-failure.js';
import type { FetchLike } from '../ports/fetch.port.js';

/** A key set that arrived but cannot be used: not JSON, or not a JWK Set jose accepts (RFC 7517 §5). */
export function unusableKeySet(uri: string) {
  return idpError(`the JWKS endpoint ${uri} answered an unusable key set`);
}

/**
 * GETs the key set at `uri` through the package's bounded fetch (its deadline and body cap are
 * the package's). No answer, a 5xx or a 429 is `idp_unavailable`; any other status or a body
 * that is not JSON is `idp_error`. An error the fetch already typed (its timeout) goes as it is.
 */
export async function fetchKeySet(fetch: FetchLike, uri: string): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    // No redirects: the key set must come from the advertised https `jwks_uri` itself.
    response = await fetch(uri, { method: 'GET', redirect: 'manual', headers: { accept: 'application/json' } });
    text = await response.text();
  } catch (error) {
    if (isIdentityWebError(error)) throw error;
    // The cause is only the error's name: network errors can echo request details.
    const name = error instanceof Error || error instanceof DOMException ? error.name : typeof error;
    throw providerFailure('unreachable', `could not reach the JWKS endpoint ${uri}`, { name });
  }
  if (response.status !== 200) {
    throw providerFailure(response.status, `the JWKS endpoint ${uri} answered HTTP ${response.status}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw unusableKeySet(uri);
  }
}
