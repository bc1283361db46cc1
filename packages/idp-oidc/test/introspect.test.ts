// How @identity-web/oidc reads a provider's introspection answers (RFC 7662 §2.2, §2.3): a token
// the provider will not introspect is inactive, a refused client and an outage are errors.
import { FAKE_OPENID, FakeOpenIdProvider } from '@identity-web/oidc/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOidcApiProvider } from '../src/index.js';

const ENDPOINT = `${FAKE_OPENID.issuer}/introspect`;
const idp = new FakeOpenIdProvider();
let answer: () => Response = () => HttpResponse.json({ active: false });
const asked: URLSearchParams[] = [];
const server = setupServer(
  ...idp.handlers(),
  http.post(ENDPOINT, async ({ request }) => {
    asked.push(new URLSearchParams(await request.text()));
    expect(request.headers.get('authorization')).toMatch(/^Basic /); // the API authenticates
    return answer();
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(async () => {
  await idp.reset();
  idp.metadata.introspection_endpoint = ENDPOINT;
  asked.length = 0;
});
afterAll(() => server.close());

const provider = () =>
  createOidcApiProvider({
    issuer: FAKE_OPENID.issuer,
    clientId: FAKE_OPENID.clientId,
    clientSecret: FAKE_OPENID.clientSecret,
  });
const oauthError = (status: number, error: string) => () => HttpResponse.json({ error }, { status });

describe('introspectAccessToken', () => {
  it('asks with the token and the hint access_token, and gives the answer as it came', async () => {
    answer = () => HttpResponse.json({ active: true, client_id: 'web-app', aud: 'api://orders', exp: 1 });
    expect(await provider().introspectAccessToken?.('opaque-1')).toEqual({
      active: true,
      client_id: 'web-app',
      aud: 'api://orders',
      exp: 1,
    });
    expect(Object.fromEntries(asked[0]!)).toEqual({ token: 'opaque-1', token_type_hint: 'access_token' });
  });

  it.each(['unsupported_token_type', 'invalid_request', 'invalid_token'])(
    'takes a 400 %s as an inactive token',
    async (error) => {
      answer = oauthError(400, error);
      expect(await provider().introspectAccessToken?.('x')).toEqual({ active: false });
    },
  );

  it('throws a refusal of the client as idp_error naming the secret, and an outage as idp_unavailable', async () => {
    answer = oauthError(401, 'invalid_client');
    await expect(provider().introspectAccessToken?.('x')).rejects.toMatchObject({
      code: 'idp_error',
      message: expect.stringContaining('clientSecret'),
    });
    answer = () => new HttpResponse(null, { status: 503 });
    await expect(provider().introspectAccessToken?.('x')).rejects.toMatchObject({ code: 'idp_unavailable' });
    answer = oauthError(400, 'invalid_scope');
    await expect(provider().introspectAccessToken?.('x')).rejects.toMatchObject({ code: 'idp_error' });
  });

  it('is an error when discovery names no introspection endpoint, and absent for a public client', async () => {
    delete idp.metadata.introspection_endpoint;
    await expect(provider().introspectAccessToken?.('x')).rejects.toMatchObject({
      code: 'idp_error',
      message: expect.stringContaining('no introspection_endpoint'),
    });
    expect(
      createOidcApiProvider({ issuer: FAKE_OPENID.issuer, clientId: FAKE_OPENID.clientId }).introspectAccessToken,
    ).toBeUndefined();
  });
});
