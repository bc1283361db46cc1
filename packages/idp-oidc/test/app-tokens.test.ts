import { privateKeyJwt } from '@identity-web/oidc';
import { exportJWK, generateKeyPair } from 'jose';
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

  it('names the signing kid and the keys of privateKeyJwt, never clientSecret, for a refused private_key_jwt client', async () => {
    const signing = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)) };
    const older = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)) };
    const provider = newProvider({
      clientSecret: undefined,
      clientAuth: privateKeyJwt([
        { ...signing, kid: 'app-2026-05' },
        { ...older, kid: 'app-2025-11' },
      ]),
    });
    for (const answer of [
      () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 }),
      // A refusal by challenge (RFC 6750 §3) says the same.
      () => new HttpResponse(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="token"' } }),
    ]) {
      idp.overrides.token = answer;
      const error = (await provider.acquireTokenForApp(null, request).catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ code: 'idp_error', status: 502 });
      expect(error.message).toMatch(/^client credentials grant failed: the provider refused the client \(/);
      expect(error.message).toContain(
        'the client assertion was signed with the key of kid "app-2026-05" (the first key of privateKeyJwt): the provider must have its public key registered for this client (the output of clientJwks(), in the client\'s JWKS or at its registered jwks_uri), and clientId and clientAuth must match the registration',
      );
      expect(error.message).not.toContain('app-2025-11');
      expect(error.message).not.toContain('clientSecret');
    }
  });

  it('needs a client secret', async () => {
    const provider = newProvider({ clientSecret: undefined, clientAuth: 'none' });
    await expect(provider.acquireTokenForApp(null, request)).rejects.toMatchObject({ status: 500 });
    expect(idp.counts.token).toBe(0);
  });
});
