import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { newProvider, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();
const request = { scopes: ['api://backend/.default'], forceRefresh: false, refreshSkewSeconds: 60 };

describe('acquireTokenForApp (client credentials)', () => {
  it('gets a token for the scopes and returns an app partition', async () => {
    const result = await newProvider().acquireTokenForApp(null, request);
    expect(result.accessToken).toMatch(/^app-/);
    expect(idp.tokenCalls[0]?.get('grant_type')).toBe('client_credentials');
    expect(idp.tokenCalls[0]?.get('scope')).toBe('api://backend/.default');
    expect(JSON.parse(result.partition ?? '')).toMatchObject({ v: 1, app: { 'api://backend/.default': {} } });
  });

  it('answers from the app partition while the token is fresh, and refreshes on forceRefresh', async () => {
    const provider = newProvider();
    const first = await provider.acquireTokenForApp(null, request);
    const cached = await provider.acquireTokenForApp(first.partition, request);
    expect(cached).toMatchObject({ accessToken: first.accessToken, partition: null });
    expect(idp.counts.token).toBe(1);
    const forced = await provider.acquireTokenForApp(first.partition, { ...request, forceRefresh: true });
    expect(forced.accessToken).not.toBe(first.accessToken);
    expect(idp.counts.token).toBe(2);
  });

  it('treats an unreadable app partition as a cache miss', async () => {
    const result = await newProvider().acquireTokenForApp('garbage', request);
    expect(result.partition).not.toBeNull();
  });

  it('reports a refused client as idp_error, not as an interaction', async () => {
    idp.overrides.token = () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
    await expect(newProvider().acquireTokenForApp(null, request)).rejects.toMatchObject({
      code: 'idp_error',
      status: 502,
    });
  });

  it('needs a client secret', async () => {
    const provider = newProvider({ clientSecret: undefined, clientAuth: 'none' });
    await expect(provider.acquireTokenForApp(null, request)).rejects.toMatchObject({ status: 500 });
    expect(idp.counts.token).toBe(0);
  });
});
