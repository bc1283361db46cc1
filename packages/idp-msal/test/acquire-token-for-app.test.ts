import { ErrorCode } from '@identity-web/core/provider';
import { FAKE_ENTRA, FakeEntra } from '@identity-web/msal/testing';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { aadErrorBody, TOKEN_HEADERS } from '../src/testing/entra-shapes.js';
import { aged, entities, provider, silent, useMsw } from './support/harness.js';

const server = useMsw();
const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

function setup() {
  const entra = new FakeEntra();
  server.use(...entra.handlers());
  return { entra, idp: provider() };
}

describe('acquireTokenForApp', () => {
  it('gets an app token with client credentials into a new app partition', async () => {
    const { entra, idp } = setup();
    const result = await idp.acquireTokenForApp(null, silent({ scopes: [GRAPH_DEFAULT] }));
    const body = entra.tokenRequests[0]?.body;
    expect(body?.get('grant_type')).toBe('client_credentials');
    expect(body?.get('scope')).toBe(GRAPH_DEFAULT);
    expect(body?.get('client_id')).toBe(FAKE_ENTRA.clientId);
    expect(body?.get('client_secret')).toBe(FAKE_ENTRA.clientSecret);
    expect(body?.has('client_info')).toBe(false);
    expect(result.accessToken).toMatch(/^at\.app\./);
    expect(result.expiresAt).toBeGreaterThan(Date.now() + 86_000_000);
    const cache = entities(result.partition ?? '{}');
    expect(cache.Account).toHaveLength(0);
    expect(cache.RefreshToken).toHaveLength(0);
    expect(cache.AccessToken).toHaveLength(1);
    // msal files a client-credentials token under an empty home account id (docs/entra-id.md).
    expect(cache.AccessToken?.[0]?.home_account_id).toBe('');
  });

  it('serves the cached token from the app partition, then refreshes on forceRefresh', async () => {
    const { entra, idp } = setup();
    const first = await idp.acquireTokenForApp(null, silent({ scopes: [GRAPH_DEFAULT] }));
    const cached = await idp.acquireTokenForApp(first.partition, silent({ scopes: [GRAPH_DEFAULT] }));
    expect(entra.tokenRequests).toHaveLength(1);
    expect(cached.accessToken).toBe(first.accessToken);
    expect(cached.partition).toBeNull();
    const forced = await idp.acquireTokenForApp(
      first.partition,
      silent({ scopes: [GRAPH_DEFAULT], forceRefresh: true }),
    );
    expect(entra.tokenRequests).toHaveLength(2);
    expect(forced.accessToken).not.toBe(first.accessToken);
    expect(entities(forced.partition ?? '{}').AccessToken).toHaveLength(1);
  });

  it('refreshes within a refresh skew wider than msal’s', async () => {
    const { entra, idp } = setup();
    const first = await idp.acquireTokenForApp(null, silent({ scopes: [GRAPH_DEFAULT] }));
    // 16,399 s of its 86,399 s left: msal would serve it; a 90,000 s skew (a quarter: 21,600 s) does not.
    const older = aged(first.partition ?? '', 70_000);
    const kept = await idp.acquireTokenForApp(older, silent({ scopes: [GRAPH_DEFAULT], refreshSkewSeconds: 3600 }));
    expect(kept.partition).toBeNull();
    expect(entra.tokenRequests).toHaveLength(1);
    await idp.acquireTokenForApp(older, silent({ scopes: [GRAPH_DEFAULT], refreshSkewSeconds: 90_000 }));
    expect(entra.tokenRequests).toHaveLength(2);
  });

  it.each([[['User.Read']], [[GRAPH_DEFAULT, 'api://orders/.default']], [[]]])(
    'rejects %j before any request: client credentials need one "/.default" scope',
    async (scopes) => {
      const { entra, idp } = setup();
      await expect(idp.acquireTokenForApp(null, silent({ scopes }))).rejects.toMatchObject({
        code: ErrorCode.InvalidArgument,
      });
      expect(entra.tokenRequests).toHaveLength(0);
    },
  );

  it('turns Entra’s refusal into idp_error, not an interaction the app cannot have', async () => {
    const { entra, idp } = setup();
    entra.override = () =>
      HttpResponse.json(
        aadErrorBody({
          error: 'invalid_grant',
          code: 1002012,
          description: 'The provided value for scope is not valid.',
        }),
        { status: 400, headers: TOKEN_HEADERS },
      );
    await expect(idp.acquireTokenForApp(null, silent({ scopes: [GRAPH_DEFAULT] }))).rejects.toMatchObject({
      code: ErrorCode.IdpError,
      status: 502,
    });
  });
});
