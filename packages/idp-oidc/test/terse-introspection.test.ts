// An API on a provider that says less than RFC 7662 allows, as Django OAuth Toolkit does: its
// discovery document names no introspection_endpoint (the endpoint is at /o/introspect/), and
// its answers are `{ active, scope, exp, client_id, username }`, without `aud`, `sub`, `iat` or
// `jti`. The API takes its tokens only by the rule it is given.
import { createIdentityWebApi, type IdentityWebApiOptions } from '@identity-web/core/api';
import { FAKE_OPENID, FakeOpenIdProvider } from '@identity-web/oidc/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOidcApiProvider } from '../src/index.js';

const ENDPOINT = `${FAKE_OPENID.issuer}/o/introspect/`;
const seconds = () => Math.floor(Date.now() / 1000);
/** The provider's tokens: what it answers about each, in its own dialect. */
const tokens = new Map<string, Record<string, unknown>>();
const idp = new FakeOpenIdProvider();
const server = setupServer(
  ...idp.handlers(),
  http.post(ENDPOINT, async ({ request }) => {
    const expected = `Basic ${btoa(`${FAKE_OPENID.clientId}:${FAKE_OPENID.clientSecret}`)}`;
    if (request.headers.get('authorization') !== expected) {
      return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
    }
    const token = new URLSearchParams(await request.text()).get('token') ?? '';
    const known = tokens.get(token);
    // Revoked, expired and unknown tokens are all `{ active: false }` there.
    return HttpResponse.json(known !== undefined && Number(known.exp) > seconds() ? known : { active: false });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(async () => {
  await idp.reset();
  delete idp.metadata.introspection_endpoint;
  tokens.clear();
  tokens.set('ada-token', {
    active: true,
    scope: 'read write',
    exp: seconds() + 36_000,
    client_id: 'orders-web',
    username: 'ada',
  });
});
afterAll(() => server.close());

function ordersApi(introspection: IdentityWebApiOptions['introspection']) {
  return createIdentityWebApi({
    identityProvider: createOidcApiProvider({
      issuer: FAKE_OPENID.issuer,
      clientId: FAKE_OPENID.clientId,
      clientSecret: FAKE_OPENID.clientSecret,
    }),
    audience: 'https://orders.example.test',
    baseUrl: 'https://orders.example.test',
    introspection,
  });
}

/** The configuration the docs give for such a provider. */
const TERSE = {
  endpoint: ENDPOINT,
  withoutAudience: { clients: ['orders-web'] },
  subject: 'username',
  cacheSeconds: 0,
} as const;

const bearer = (token: string) => ({
  method: 'GET',
  url: new URL('https://orders.example.test/orders'),
  header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined),
  cookie: () => undefined,
  readText: () => Promise.reject(new Error('no body')),
});

async function refusal(api: ReturnType<typeof ordersApi>, token: string) {
  const verdict = await api.guard({ scopes: ['read'] })(bearer(token));
  if (verdict.caller !== null) throw new Error(`the token ${token} was taken`);
  return { status: verdict.answer.status, body: verdict.answer.body };
}

describe("an API on a provider speaking Django OAuth Toolkit's introspection dialect", () => {
  it('takes its token with the endpoint and the rule for answers without aud, the user by username', async () => {
    const verdict = await ordersApi(TERSE).guard({ scopes: ['read'] })(bearer('ada-token'));
    expect(verdict.caller).toMatchObject({
      issuer: FAKE_OPENID.issuer,
      subject: 'ada',
      clientId: 'orders-web',
      scopes: ['read', 'write'],
    });
  });

  it('without the options: no endpoint is an idp_error naming the option; with the endpoint alone, no aud is a 401', async () => {
    await expect(ordersApi(true).guard()(bearer('ada-token'))).rejects.toMatchObject({
      code: 'idp_error',
      message: expect.stringContaining('"introspection.endpoint"'),
    });
    expect(await refusal(ordersApi({ endpoint: ENDPOINT }), 'ada-token')).toMatchObject({
      status: 401,
      body: expect.stringContaining('names no audience'),
    });
  });

  it('refuses revoked, expired and made-up tokens with 401', async () => {
    const api = ordersApi(TERSE);
    expect(await api.guard({ scopes: ['read'] })(bearer('ada-token'))).toHaveProperty('caller.subject', 'ada');
    tokens.delete('ada-token'); // revoked at the provider
    tokens.set('old-token', {
      active: true,
      scope: 'read',
      exp: seconds() - 5,
      client_id: 'orders-web',
      username: 'ada',
    });
    for (const token of ['ada-token', 'old-token', 'made-up']) {
      expect(await refusal(api, token)).toMatchObject({ status: 401, body: expect.stringContaining('not active') });
    }
  });

  it("refuses another client's token, which could be meant for any API of the provider", async () => {
    tokens.set('other-token', {
      active: true,
      scope: 'read',
      exp: seconds() + 600,
      client_id: 'billing-web',
      username: 'ada',
    });
    expect(await refusal(ordersApi(TERSE), 'other-token')).toMatchObject({
      status: 401,
      body: expect.stringContaining('its client is not one this API takes'),
    });
  });
});
