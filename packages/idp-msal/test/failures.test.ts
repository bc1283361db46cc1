import { ErrorCode, IdentityWebError, InteractionRequiredError } from '@identity-web/core/provider';
import { FAKE_ENTRA, FakeEntra, makeUser, type TokenRequest } from '@identity-web/msal/testing';
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { aadErrorBody, TOKEN_HEADERS } from '../src/testing/entra-shapes.js';
import { provider, SIGN_IN_SCOPES, signIn, silent, transaction, useMsw } from './support/harness.js';

const server = useMsw();
// The provider's bound on each request, the sign-in's too: 300 ms once timed a sign-in's own
// requests out on a loaded 2-core machine (the whole suite running), before the failure under test.
const TIMEOUT_MS = 1500;

type Answer = () => Response | Promise<Response>;

const html = (status: number) =>
  new HttpResponse('<html><body>Service Unavailable</body></html>', {
    status,
    headers: { 'Content-Type': 'text/html' },
  });

// What a broken Entra (or what stands in front of it) can answer a token request with.
const ROWS: ReadonlyArray<readonly [string, Answer, string, number]> = [
  [
    '500 with an AADSTS body',
    () =>
      HttpResponse.json(aadErrorBody({ error: 'server_error', code: 90033, description: 'A transient error.' }), {
        status: 500,
        headers: TOKEN_HEADERS,
      }),
    ErrorCode.IdpUnavailable,
    503,
  ],
  [
    '503 temporarily_unavailable',
    () =>
      HttpResponse.json(aadErrorBody({ error: 'temporarily_unavailable', code: 90006, description: 'Try again.' }), {
        status: 503,
        headers: { ...TOKEN_HEADERS, 'Retry-After': '10' },
      }),
    ErrorCode.IdpUnavailable,
    503,
  ],
  ['502 HTML page from a proxy', () => html(502), ErrorCode.IdpUnavailable, 503],
  [
    '429 without a body',
    () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '30' } }),
    ErrorCode.IdpUnavailable,
    503,
  ],
  [
    '200 with truncated JSON',
    () => new HttpResponse('{"token_type":"Bearer","access_tok', { headers: TOKEN_HEADERS }),
    ErrorCode.IdpError,
    502,
  ],
  ['200 with an HTML page (wrong content type)', () => html(200), ErrorCode.IdpError, 502],
  [
    '200 with JSON declared as text/plain',
    () => new HttpResponse('{"token_type":"Bearer"}', { headers: { 'Content-Type': 'text/plain' } }),
    ErrorCode.IdpError,
    502,
  ],
  ['200 with a JSON array', () => HttpResponse.json([1, 2], { headers: TOKEN_HEADERS }), ErrorCode.IdpError, 502],
  [
    '401 invalid_client (AADSTS7000215, bad secret)',
    () =>
      HttpResponse.json(
        aadErrorBody({ error: 'invalid_client', code: 7000215, description: 'Invalid client secret provided.' }),
        {
          status: 401,
          headers: TOKEN_HEADERS,
        },
      ),
    ErrorCode.IdpError,
    502,
  ],
  ['a connection reset', () => HttpResponse.error(), ErrorCode.IdpUnavailable, 503],
  [
    'no answer at all (timeout)',
    async () => {
      await delay('infinite');
      return HttpResponse.json({});
    },
    ErrorCode.IdpUnavailable,
    503,
  ],
];

function assertSafe(error: unknown, secrets: readonly string[]) {
  expect(error).toBeInstanceOf(IdentityWebError);
  const text = `${(error as Error).message} ${JSON.stringify(error)}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
}

async function signedIn(options: Parameters<typeof provider>[0] = {}) {
  const entra = new FakeEntra();
  server.use(...entra.handlers());
  const idp = provider({ timeoutMs: TIMEOUT_MS, ...options });
  const result = await signIn(idp, entra, makeUser(20));
  return { entra, idp, ...result };
}

const refreshOnly = (answer: Answer) => (r: TokenRequest) =>
  r.body.get('grant_type') === 'refresh_token' ? answer() : undefined;

const MATRIX = ROWS.map(([name, answer, code, status]) => [name, code, status, answer] as const);

describe('failures on a refresh become typed errors, in bounded time', () => {
  it.each(MATRIX)('%s → %s (%i)', async (_, code, status, answer) => {
    const { entra, idp, account, partition } = await signedIn();
    entra.override = refreshOnly(answer);
    const started = performance.now();
    const error = await idp.acquireTokenSilent(partition, account, silent({ forceRefresh: true })).catch((e) => e);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 700);
    expect(error).not.toBeInstanceOf(InteractionRequiredError);
    expect(error).toMatchObject({ code, status, expose: false });
    assertSafe(error, [FAKE_ENTRA.clientSecret, partition.match(/1\.AXoA-rt\.[^"]+/)?.[0] ?? '-', 'Trace ID']);
  });

  it('recovers on the next call: a failure is not remembered as msal’s throttle would', async () => {
    const { entra, idp, account, partition } = await signedIn();
    entra.override = refreshOnly(() => html(503));
    await expect(idp.acquireTokenSilent(partition, account, silent({ forceRefresh: true }))).rejects.toThrow();
    entra.override = undefined;
    await expect(idp.acquireTokenSilent(partition, account, silent({ forceRefresh: true }))).resolves.toBeTruthy();
  });
});

describe('failures while redeeming a code', () => {
  it.each(MATRIX)('%s → %s (%i)', async (_, code, status, answer) => {
    const entra = new FakeEntra();
    server.use(...entra.handlers());
    const idp = provider({ timeoutMs: TIMEOUT_MS });
    const t = transaction();
    const url = await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
    const params = entra.authorize(url, makeUser(21));
    entra.override = answer;
    const error = await idp
      .redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code, status });
    assertSafe(error, [FAKE_ENTRA.clientSecret, params.get('code') ?? '-', t.codeVerifier]);
  });
});

describe('a refused client on redemption and refresh', () => {
  const refused = () => new FakeEntra().error(401, 'invalid_client', 7000215);
  const fix =
    "Entra refused the client: invalid_client (AADSTS7000215): check clientId and clientSecret: a client secret's Value from the app registration's Certificates & secrets (not its Secret ID), not expired";

  it('says which credential to check when the code is redeemed', async () => {
    const entra = new FakeEntra();
    server.use(...entra.handlers());
    const idp = provider();
    const t = transaction();
    const url = await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
    const params = entra.authorize(url, makeUser(24));
    entra.override = refused;
    await expect(
      idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t }),
    ).rejects.toMatchObject({ code: ErrorCode.IdpError, message: fix });
  });

  it('says the same when a refresh is refused', async () => {
    const { entra, idp, account, partition } = await signedIn();
    entra.override = refreshOnly(refused);
    await expect(idp.acquireTokenSilent(partition, account, silent({ forceRefresh: true }))).rejects.toMatchObject({
      code: ErrorCode.IdpError,
      message: fix,
    });
  });
});

describe('a client assertion source that misbehaves', () => {
  it('one that never answers fails within timeoutMs as idp_unavailable', async () => {
    const entra = new FakeEntra();
    server.use(...entra.handlers());
    const idp = provider({
      clientSecret: undefined,
      timeoutMs: TIMEOUT_MS,
      clientAssertion: () => new Promise(() => {}),
    });
    const t = transaction();
    const url = await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
    const params = entra.authorize(url, makeUser(22));
    const started = performance.now();
    const error = await idp
      .redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t })
      .catch((e) => e);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 700);
    expect(error).toMatchObject({ code: ErrorCode.IdpUnavailable, status: 503 });
    expect(entra.tokenRequests).toHaveLength(0);
  });

  it('one that throws becomes a typed 500, its message kept out', async () => {
    const entra = new FakeEntra();
    server.use(...entra.handlers());
    const idp = provider({
      clientSecret: undefined,
      clientAssertion: () => {
        throw new Error('vault said: token=super-secret');
      },
    });
    const t = transaction();
    const url = await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
    const params = entra.authorize(url, makeUser(23));
    const error = await idp
      .redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t })
      .catch((e) => e);
    expect(error).toMatchObject({ code: ErrorCode.ServerError, status: 500 });
    expect((error as Error).message).not.toContain('super-secret');
  });
});
