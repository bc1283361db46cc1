// A refused API request as HTTP: RFC 6750 §3 and RFC 9449 §7.1 challenges, RFC 9470 §3 step-up, 503 with Retry-After.
import type { HttpResult } from '@identity-web/core/adapter';
import { ERROR_ANSWERS } from '../../domain/error-answers.js';
import type { ApiScheme } from '../domain/api-caller.js';
import type { ApiRefusal, RefusalCode } from '../domain/api-refusal.js';
import { DPOP_ALGORITHMS } from '../dpop/dpop-proof.js';

/** The body's `error` of a refusal without a challenge's error code, by its row. */
const BODY_ERROR: Readonly<Partial<Record<RefusalCode, string>>> = {
  not_authenticated: 'unauthorized',
  forbidden: 'forbidden',
  idp_unavailable: 'temporarily_unavailable',
  store_unavailable: 'temporarily_unavailable',
};

/** A quoted-string (RFC 9110 §5.6.4) of fixed words: printable ASCII but quotes and backslashes only. */
function quoted(value: string): string {
  return `"${value.replace(/[^\x20-\x7e]|["\\]/g, '')}"`;
}

/** One challenge (RFC 9110 §11.6.1) in `scheme`, saying what went wrong and what would do. */
function challenge(scheme: ApiScheme, refusal: ApiRefusal, realm: string | undefined): string {
  const params: string[] = [];
  if (realm !== undefined) params.push(`realm=${quoted(realm)}`);
  if (refusal.error !== undefined) params.push(`error=${quoted(refusal.error)}`);
  if (refusal.error !== undefined && refusal.description !== undefined) {
    params.push(`error_description=${quoted(refusal.description)}`);
  }
  const { scope, acrValues, maxAge } = refusal.details;
  if (scope !== undefined) params.push(`scope=${quoted(scope.join(' '))}`);
  if (acrValues !== undefined) params.push(`acr_values=${quoted(acrValues.join(' '))}`);
  if (maxAge !== undefined) params.push(`max_age=${maxAge}`);
  // RFC 9449 §7.1: a DPoP challenge names the proof algorithms the API accepts.
  if (scheme === 'DPoP') params.push(`algs=${quoted(DPOP_ALGORITHMS.join(' '))}`);
  return params.length === 0 ? scheme : `${scheme} ${params.join(', ')}`;
}

/**
 * The answer to a refused request: a challenge per scheme in `WWW-Authenticate` (none for a 503,
 * nor for a 403 that no scope would lift), and a JSON body with the same words; never cached.
 * `headers` (the current `DPoP-Nonce`) ride along.
 */
export function refusalAnswer(
  refusal: ApiRefusal,
  schemes: readonly ApiScheme[],
  realm: string | undefined,
  headers: Readonly<Record<string, string>>,
): HttpResult {
  const answer: Record<string, string> = {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
  };
  const { retryAfterSeconds } = ERROR_ANSWERS[refusal.code];
  if (retryAfterSeconds !== null) answer['retry-after'] = String(retryAfterSeconds);
  if (refusal.challenges) {
    answer['www-authenticate'] = schemes.map((scheme) => challenge(scheme, refusal, realm)).join(', ');
  }
  const error = refusal.error ?? BODY_ERROR[refusal.code] ?? refusal.code;
  const body = { error, ...(refusal.description !== undefined && { error_description: refusal.description }) };
  return { status: refusal.status, headers: answer, cookies: [], body: JSON.stringify(body) };
}
