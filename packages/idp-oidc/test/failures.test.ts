import { IdentityWebError } from '@identity-web/core/provider';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { signJwt } from '../src/testing/signing-keys.js';
import { newProvider, signIn, startSignIn, useFakeOpenIdProvider } from './support/harness.js';

// Every provider failure becomes a typed error within bounded time, and never carries a secret.
const idp = useFakeOpenIdProvider();
// The provider's bound on each request, the sign-in's before a failure too: the same shape at
// 300 ms timed a sign-in out once in @identity-web/msal's test, the whole suite running on 2 cores.
const TIMEOUT_MS = 1000;

interface Failure {
  readonly name: string;
  readonly respond: () => Response | Promise<Response>;
  readonly code: 'idp_error' | 'idp_unavailable';
  /** A 200: not a failure for revocation, whose body is ignored (RFC 7009 §2.2). */
  readonly ok?: boolean;
}

const html = (status: number) =>
  new HttpResponse('<html>oops</html>', { status, headers: { 'content-type': 'text/html' } });
const failures: Failure[] = [
  {
    name: 'HTTP 400 with an OAuth error body',
    respond: () => HttpResponse.json({ error: 'invalid_request' }, { status: 400 }),
    code: 'idp_error',
  },
  { name: 'HTTP 401 without a body', respond: () => new HttpResponse(null, { status: 401 }), code: 'idp_error' },
  { name: 'HTTP 404 with an HTML page', respond: () => html(404), code: 'idp_error' },
  // RFC 9110 §15.6 and RFC 6585 §4: a 5xx or a 429 is "try again later", at every endpoint.
  { name: 'HTTP 500 with an HTML page', respond: () => html(500), code: 'idp_unavailable' },
  { name: 'HTTP 502 with an HTML page', respond: () => html(502), code: 'idp_unavailable' },
  { name: 'HTTP 503', respond: () => new HttpResponse('busy', { status: 503 }), code: 'idp_unavailable' },
  { name: 'HTTP 429', respond: () => new HttpResponse(null, { status: 429 }), code: 'idp_unavailable' },
  {
    name: 'a redirect',
    respond: () => new HttpResponse(null, { status: 302, headers: { location: '/elsewhere' } }),
    code: 'idp_error',
  },
  {
    name: 'malformed JSON',
    respond: () => new HttpResponse('{"access_token":', { headers: { 'content-type': 'application/json' } }),
    code: 'idp_error',
    ok: true,
  },
  { name: 'a wrong content type', respond: () => html(200), code: 'idp_error', ok: true },
  { name: 'a JSON array', respond: () => HttpResponse.json([1, 2]), code: 'idp_error', ok: true },
  { name: 'a network error', respond: () => HttpResponse.error(), code: 'idp_unavailable' },
  {
    name: 'a body over 1 MiB, announced by Content-Length',
    respond: () => HttpResponse.json({ pad: 'x'.repeat(1024 * 1024) }),
    code: 'idp_error',
  },
  {
    name: 'a body over 1 MiB, streamed without a length',
    respond: () => {
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 64) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return new HttpResponse(body, { headers: { 'content-type': 'application/json' } });
    },
    code: 'idp_error',
  },
  {
    name: 'no answer in time',
    respond: async () => {
      await delay(5_000);
      return HttpResponse.json({});
    },
    code: 'idp_unavailable',
  },
];

type Endpoint = 'discovery' | 'jwks' | 'token' | 'revocation';
interface Operation {
  readonly endpoint: Endpoint;
  /** Prepares with a healthy IdP, then returns the call to run against the failing endpoint. */
  readonly prepare: () => Promise<{ run: () => Promise<unknown>; secrets: string[] }>;
}

const provider = () => newProvider({ timeoutMs: TIMEOUT_MS });
const operations: Record<string, Operation> = {
  'discovery (authorizationUrl)': {
    endpoint: 'discovery',
    prepare: async () => {
      const p = provider();
      return { run: () => startSignIn(p), secrets: [FAKE_OPENID.clientSecret] };
    },
  },
  'code redemption': {
    endpoint: 'token',
    prepare: async () => {
      const p = provider();
      const t = await startSignIn(p);
      const params = await idp.authorize(t.url);
      return {
        run: () => p.redeemCode({ ...t, params }),
        secrets: [FAKE_OPENID.clientSecret, params.get('code') ?? '', t.codeVerifier],
      };
    },
  },
  'token refresh': {
    endpoint: 'token',
    prepare: async () => {
      const p = provider();
      const { account, partition } = await signIn(p, idp);
      const request = { scopes: ['api.read'], forceRefresh: true, refreshSkewSeconds: 0 };
      return {
        run: () => p.acquireTokenSilent(partition, account, request),
        secrets: [FAKE_OPENID.clientSecret, JSON.parse(partition).rt],
      };
    },
  },
  'JWKS (verifyLogoutToken)': {
    endpoint: 'jwks',
    prepare: async () => {
      const p = provider();
      const jwt = await signJwt(idp.signingKey, idp.logoutClaims());
      return { run: () => p.verifyLogoutToken(jwt), secrets: [jwt] };
    },
  },
  revocation: {
    endpoint: 'revocation',
    prepare: async () => {
      const p = provider();
      const { partition } = await signIn(p, idp);
      return {
        run: () => p.revoke?.(partition) ?? Promise.resolve(),
        secrets: [FAKE_OPENID.clientSecret, JSON.parse(partition).rt],
      };
    },
  },
};

describe.each(Object.entries(operations))('%s failures', (_name, operation) => {
  const cases = failures.filter((f) => !(operation.endpoint === 'revocation' && f.ok));
  it.each(cases.map((f) => [f.name, f] as const))('%s → a typed error', async (_case, failure) => {
    const { run, secrets } = await operation.prepare();
    idp.overrides[operation.endpoint] = failure.respond;
    const started = Date.now();
    const error = await run().then(
      () => expect.unreachable('expected a failure'),
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_500);
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error).toMatchObject({ code: failure.code, status: failure.code === 'idp_unavailable' ? 503 : 502 });
    const visible = JSON.stringify({ message: (error as Error).message, cause: (error as Error).cause });
    for (const secret of secrets) expect(visible).not.toContain(secret);
  });
});

describe('a custom fetch that ignores the abort signal', () => {
  const stalled = new ReadableStream({ start() {} });
  it.each([
    ['never settles', () => new Promise<Response>(() => {})],
    ['sends headers, then never finishes the body', async () => new Response(stalled, { status: 200 })],
  ])('%s → idp_unavailable within timeoutMs', async (_case, fetch) => {
    const started = Date.now();
    const error = await startSignIn(newProvider({ fetch, timeoutMs: TIMEOUT_MS })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(error).toMatchObject({ code: 'idp_unavailable', status: 503 });
  });

  it('turns a thrown non-Error into a typed error', async () => {
    const fetch = () => Promise.reject('boom');
    await expect(startSignIn(newProvider({ fetch }))).rejects.toMatchObject({ code: 'idp_unavailable' });
  });
});
