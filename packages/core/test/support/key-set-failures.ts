// The key-set endpoint's failures and what each becomes, one table for the core's cache and both
// IdP packages (packages/idp-oidc/test and packages/idp-msal/test run it through their providers).
import { expect } from 'vitest';
import { errorResult } from '../../src/http/responses.js';
import { silentLogger } from '../../src/ports/logger.port.js';

/** What the key-set endpoint does: answer with a status and body, fail the connection or never answer. */
export type KeySetAnswer = { readonly status: number; readonly body: string } | 'network-error' | 'no-answer';

export interface KeySetFailure {
  readonly name: string;
  readonly answer: KeySetAnswer;
  /** RFC 9110 §15.6 and RFC 6585 §4: a 5xx, a 429 or no answer is "try again later" (503). */
  readonly code: 'idp_unavailable' | 'idp_error';
  readonly status: 503 | 502;
}

const html = '<html>oops</html>';
const down = { code: 'idp_unavailable', status: 503 } as const;
const unusable = { code: 'idp_error', status: 502 } as const;

export const KEY_SET_FAILURES: readonly KeySetFailure[] = [
  { name: 'HTTP 502', answer: { status: 502, body: html }, ...down },
  { name: 'HTTP 503', answer: { status: 503, body: '' }, ...down },
  { name: 'HTTP 500', answer: { status: 500, body: html }, ...down },
  { name: 'HTTP 429', answer: { status: 429, body: '' }, ...down },
  { name: 'a network error', answer: 'network-error', ...down },
  { name: 'no answer in time', answer: 'no-answer', ...down },
  { name: 'HTTP 404', answer: { status: 404, body: html }, ...unusable },
  { name: 'a body that is not JSON', answer: { status: 200, body: html }, ...unusable },
  {
    name: 'a JSON body jose refuses as a key set',
    answer: { status: 200, body: '{"keys":{"kty":"RSA"}}' },
    ...unusable,
  },
];

/**
 * The answer as a fetch `Response` (msw serves it as it is): `Response.error()` is a network
 * error; `no-answer` waits longer than any test's `timeoutMs`.
 */
export async function respond(answer: KeySetAnswer): Promise<Response> {
  if (answer === 'network-error') return Response.error();
  if (answer === 'no-answer') {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return Response.json({ keys: [] });
  }
  const type = answer.body.startsWith('{') ? 'application/json' : 'text/html';
  return new Response(answer.body, { status: answer.status, headers: { 'content-type': type } });
}

/**
 * The error a provider threw for `failure`, and what the app answers with it: the same code and
 * status in every package, and `Retry-After` exactly when the provider is down.
 */
export function expectKeySetFailure(error: unknown, failure: KeySetFailure, uri: string): void {
  expect(error).toMatchObject({ code: failure.code, status: failure.status });
  expect((error as Error).message).toContain(uri);
  const answer = errorResult(error, silentLogger, { format: 'json' });
  expect(answer.status).toBe(failure.status);
  expect(JSON.parse(answer.body ?? '')).toMatchObject({ error: failure.code });
  expect('retry-after' in answer.headers).toBe(failure.status === 503);
}
