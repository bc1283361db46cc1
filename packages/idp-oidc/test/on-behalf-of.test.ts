// RFC 8693 token exchange for an API calling further APIs on behalf of its caller.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_MAX_TOKENS } from '../src/tokens/acquire-on-behalf-of.js';
import { dpopBinding } from '../src/tokens/dpop.js';
import { newProvider, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();
const request = { scopes: ['billing.read'], forceRefresh: false, refreshSkewSeconds: 60 };
const RECEIVED = 'eyJhbGciOiJFUzI1NiJ9.received-token.sig';

describe('acquireTokenOnBehalfOf (RFC 8693 token exchange)', () => {
  it('exchanges the received token with the client authenticated, asking for an access token', async () => {
    const result = await newProvider().acquireTokenOnBehalfOf(null, RECEIVED, {
      ...request,
      resource: 'https://billing.example',
    });
    expect(result).toMatchObject({ tokenType: 'Bearer', scopes: ['billing.read'] });
    expect(result.accessToken).toMatch(/^obo-/);
    const sent = Object.fromEntries(idp.tokenCalls[0] ?? []);
    expect(sent).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: RECEIVED,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope: 'billing.read',
      resource: 'https://billing.example',
    });
    // The partition files the token by the received token's hash, never by the token itself.
    expect(result.partition).not.toContain('received-token');
  });

  it('serves the partition while fresh, per received token and scopes; forceRefresh exchanges again', async () => {
    const provider = newProvider();
    const first = await provider.acquireTokenOnBehalfOf(null, RECEIVED, request);
    const again = await provider.acquireTokenOnBehalfOf(first.partition, RECEIVED, request);
    expect(again).toMatchObject({ accessToken: first.accessToken, partition: null });
    expect(idp.counts.token).toBe(1);
    const other = await provider.acquireTokenOnBehalfOf(first.partition, `${RECEIVED}2`, request);
    expect(other.accessToken).not.toBe(first.accessToken);
    const scopes = await provider.acquireTokenOnBehalfOf(other.partition, RECEIVED, { ...request, scopes: ['b'] });
    expect(scopes.accessToken).not.toBe(first.accessToken);
    // Both tokens of the first received token are still there.
    expect((await provider.acquireTokenOnBehalfOf(scopes.partition, RECEIVED, request)).partition).toBeNull();
    const forced = await provider.acquireTokenOnBehalfOf(scopes.partition, RECEIVED, {
      ...request,
      forceRefresh: true,
    });
    expect(forced.accessToken).not.toBe(first.accessToken);
    expect(idp.counts.token).toBe(4);
  });

  it('keeps at most the bound of tokens in one partition, the newest among them', async () => {
    const provider = newProvider();
    let partition: string | null = null;
    for (let i = 0; i <= ON_BEHALF_OF_MAX_TOKENS; i++) {
      partition = (await provider.acquireTokenOnBehalfOf(partition, `${RECEIVED}${i}`, request)).partition;
    }
    const tokens = Object.keys(JSON.parse(partition ?? '{}').obo);
    expect(tokens).toHaveLength(ON_BEHALF_OF_MAX_TOKENS);
    const last = await provider.acquireTokenOnBehalfOf(partition, `${RECEIVED}${ON_BEHALF_OF_MAX_TOKENS}`, request);
    expect(last.partition).toBeNull();
  });

  it('turns a refused received token or a missing consent into an interaction, naming the scopes', async () => {
    for (const error of ['invalid_grant', 'consent_required']) {
      idp.overrides.token = () => HttpResponse.json({ error }, { status: 400 });
      await expect(newProvider().acquireTokenOnBehalfOf(null, RECEIVED, request)).rejects.toMatchObject({
        code: 'interaction_required',
        interaction: { scopes: ['billing.read'], reason: error },
      });
    }
  });

  it('refuses an answer that is not an access token (issued_token_type)', async () => {
    for (const issued of [undefined, 'urn:ietf:params:oauth:token-type:refresh_token']) {
      idp.overrides.token = () =>
        HttpResponse.json({ access_token: 'x', token_type: 'Bearer', expires_in: 60, issued_token_type: issued });
      await expect(newProvider().acquireTokenOnBehalfOf(null, RECEIVED, request)).rejects.toMatchObject({
        code: 'idp_error',
        message: expect.stringContaining('issued_token_type'),
      });
    }
  });

  it('answers 503 when the provider is down, and needs client authentication', async () => {
    idp.overrides.token = () => new HttpResponse(null, { status: 503 });
    await expect(newProvider().acquireTokenOnBehalfOf(null, RECEIVED, request)).rejects.toMatchObject({ status: 503 });
    const publicClient = newProvider({ clientSecret: undefined, clientAuth: 'none' });
    await expect(publicClient.acquireTokenOnBehalfOf(null, RECEIVED, request)).rejects.toMatchObject({
      code: 'invalid_option',
    });
  });

  it('binds exchanged tokens to a key of the partition with dpop, and proves with it', async () => {
    idp.overrides.token = () =>
      HttpResponse.json({
        access_token: 'bound',
        token_type: 'DPoP',
        expires_in: 300,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      });
    const provider = newProvider({ dpop: dpopBinding() });
    const result = await provider.acquireTokenOnBehalfOf(null, RECEIVED, request);
    expect(result.tokenType).toBe('DPoP');
    expect(JSON.parse(result.partition ?? '{}').dk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const proof = await result.dpop?.proof({ method: 'GET', url: 'https://billing.example/x', accessToken: 'bound' });
    expect(proof?.split('.')).toHaveLength(3);
    const cached = await provider.acquireTokenOnBehalfOf(result.partition, RECEIVED, request);
    expect(cached.dpop).toBeDefined();
  });

  it('a partition that keeps a key, read without dpop (the API took DPoP away): a new Bearer grant, no key kept', async () => {
    const bound = { access_token: 'bound', token_type: 'DPoP', expires_in: 300 };
    idp.overrides.token = () =>
      HttpResponse.json({ ...bound, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' });
    const first = await newProvider({ dpop: dpopBinding() }).acquireTokenOnBehalfOf(null, RECEIVED, request);
    expect(JSON.parse(first.partition ?? '{}').dk).toBeDefined();
    idp.overrides.token = () =>
      HttpResponse.json({
        access_token: 'plain',
        token_type: 'Bearer',
        expires_in: 300,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      });
    const next = await newProvider().acquireTokenOnBehalfOf(first.partition, RECEIVED, request);
    expect(next).toMatchObject({ accessToken: 'plain', tokenType: 'Bearer' });
    expect(next.dpop).toBeUndefined();
    expect(JSON.parse(next.partition ?? '{}').dk).toBeUndefined();
  });

  it('answers invalid_target and invalid_scope as the API’s configuration, not as an interaction', async () => {
    for (const error of ['invalid_target', 'invalid_scope']) {
      idp.overrides.token = () => HttpResponse.json({ error }, { status: 400 });
      await expect(newProvider().acquireTokenOnBehalfOf(null, RECEIVED, request)).rejects.toMatchObject({
        code: 'idp_error',
        status: 502,
      });
    }
  });

  it('says what to pass on invalid_target: the resource when none was sent, and quotes the one sent', async () => {
    idp.overrides.token = () => HttpResponse.json({ error: 'invalid_target' }, { status: 400 });
    await expect(newProvider().acquireTokenOnBehalfOf(null, RECEIVED, request)).rejects.toMatchObject({
      code: 'idp_error',
      message: expect.stringContaining('{ scopes, resource: "<the further API\'s resource>" }'),
    });
    const asked = { ...request, resource: 'https://billing.example' };
    await expect(newProvider().acquireTokenOnBehalfOf(null, RECEIVED, asked)).rejects.toMatchObject({
      message: expect.stringContaining('"invalid_target" for the resource "https://billing.example"'),
    });
  });

  it("takes the provider's first resource by default, in its resourceParameter", async () => {
    await newProvider({ resource: 'https://billing.example' }).acquireTokenOnBehalfOf(null, RECEIVED, request);
    expect(Object.fromEntries(idp.tokenCalls[0] ?? [])).toMatchObject({ resource: 'https://billing.example' });
    const auth0 = newProvider({ resource: 'https://billing.example', resourceParameter: 'audience' });
    await auth0.acquireTokenOnBehalfOf(null, `${RECEIVED}2`, { ...request, resource: 'https://other.example' });
    expect(Object.fromEntries(idp.tokenCalls[1] ?? [])).toMatchObject({ audience: 'https://other.example' });
    expect(idp.tokenCalls[1]?.has('resource')).toBe(false);
  });

  it('files a token granted for fewer scopes under those, so it never answers the wider request', async () => {
    idp.overrides.token = () =>
      HttpResponse.json({
        access_token: 'narrow',
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'billing.read',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      });
    const provider = newProvider();
    const wide = { ...request, scopes: ['billing.read', 'billing.write'] };
    const first = await provider.acquireTokenOnBehalfOf(null, RECEIVED, wide);
    await provider.acquireTokenOnBehalfOf(first.partition, RECEIVED, wide);
    expect(idp.counts.token).toBe(2);
    expect((await provider.acquireTokenOnBehalfOf(first.partition, RECEIVED, request)).partition).toBeNull();
  });
});
