import { IdentityWebError } from '@identity-web/core/provider';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { caught, newProvider, signIn, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

describe('endSessionUrl (RP-Initiated Logout 1.0 §2)', () => {
  it('carries id_token_hint, logout_hint, client_id, post_logout_redirect_uri and state', async () => {
    const url = await newProvider().endSessionUrl({
      postLogoutRedirectUri: FAKE_OPENID.postLogoutRedirectUri,
      state: 'st-1',
      idTokenHint: 'id.token.hint',
      logoutHint: 'alice@example.com',
    });
    expect(url?.origin + (url?.pathname ?? '')).toBe(`${FAKE_OPENID.issuer}/logout`);
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      id_token_hint: 'id.token.hint',
      logout_hint: 'alice@example.com',
      client_id: FAKE_OPENID.clientId,
      post_logout_redirect_uri: FAKE_OPENID.postLogoutRedirectUri,
      state: 'st-1',
    });
  });

  it('sends the post-logout redirect exactly as given, trailing slash included (§3)', async () => {
    for (const uri of [
      'https://rp.example.com/bye/',
      'https://rp.example.com/bye',
      'https://rp.example.com:443/b?x=1',
    ]) {
      const url = await newProvider().endSessionUrl({ postLogoutRedirectUri: uri, state: 's' });
      expect(url?.searchParams.get('post_logout_redirect_uri')).toBe(uri);
    }
  });

  it('sends client_id when there is no id token to hint with', async () => {
    const url = await newProvider().endSessionUrl({
      postLogoutRedirectUri: FAKE_OPENID.postLogoutRedirectUri,
      state: 's',
    });
    expect(url?.searchParams.get('client_id')).toBe(FAKE_OPENID.clientId);
    expect(url?.searchParams.has('id_token_hint')).toBe(false);
  });

  it('keeps a query the end_session_endpoint already has', async () => {
    idp.metadata.end_session_endpoint = `${FAKE_OPENID.issuer}/logout?p=tenant`;
    const url = await newProvider().endSessionUrl({
      postLogoutRedirectUri: FAKE_OPENID.postLogoutRedirectUri,
      state: 's',
    });
    expect(url?.searchParams.get('p')).toBe('tenant');
  });

  it('returns null when the provider has no end_session_endpoint', async () => {
    delete idp.metadata.end_session_endpoint;
    await expect(
      newProvider().endSessionUrl({ postLogoutRedirectUri: FAKE_OPENID.postLogoutRedirectUri, state: 's' }),
    ).resolves.toBeNull();
  });

  it('refuses a plain-http end_session_endpoint (§2.1)', async () => {
    idp.metadata.end_session_endpoint = 'http://idp.example.com/logout';
    const error = await caught(
      newProvider().endSessionUrl({ postLogoutRedirectUri: FAKE_OPENID.postLogoutRedirectUri, state: 's' }),
    );
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error.message).toMatch(/end_session_endpoint.*https/);
  });
});

describe('revoke (RFC 7009)', () => {
  it('is always offered: the core’s revokeOnRemove is the one switch', () => {
    expect(newProvider().revoke).toBeTypeOf('function');
  });

  it('revokes the refresh token with a type hint and client authentication', async () => {
    const provider = newProvider();
    const { partition } = await signIn(provider, idp);
    let body: URLSearchParams | undefined;
    let authorization: string | null = null;
    idp.overrides.revocation = async (request) => {
      body = new URLSearchParams(await request.text());
      authorization = request.headers.get('authorization');
      return new HttpResponse(null, { status: 200 });
    };
    await provider.revoke?.(partition);
    expect(body?.get('token')).toBe(JSON.parse(partition).rt);
    expect(body?.get('token_type_hint')).toBe('refresh_token');
    expect(authorization).toMatch(/^Basic /);
  });

  it('treats 200 with a junk body as success (§2.2)', async () => {
    const provider = newProvider();
    const { partition } = await signIn(provider, idp);
    idp.overrides.revocation = () =>
      new HttpResponse('<html>ok?', { status: 200, headers: { 'content-type': 'text/html' } });
    await expect(provider.revoke?.(partition)).resolves.toBeUndefined();
    expect(idp.counts.revocation).toBe(1);
  });

  it('reports 503 as idp_unavailable so the caller may retry (§2.2.1)', async () => {
    const provider = newProvider();
    const { partition } = await signIn(provider, idp);
    idp.overrides.revocation = () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '5' } });
    await expect(provider.revoke?.(partition)).rejects.toMatchObject({ code: 'idp_unavailable', status: 503 });
  });

  it('does nothing without a revocation_endpoint or without a refresh token', async () => {
    const provider = newProvider();
    const { partition } = await signIn(provider, idp);
    const { rt: _, ...withoutRefreshToken } = JSON.parse(partition);
    await provider.revoke?.(JSON.stringify(withoutRefreshToken));
    delete idp.metadata.revocation_endpoint;
    await newProvider().revoke?.(partition);
    expect(idp.counts.revocation).toBe(0);
  });

  it('refuses a plain-http revocation_endpoint without sending the token', async () => {
    idp.metadata.revocation_endpoint = 'http://idp.example.com/revoke';
    const provider = newProvider();
    const { partition } = await signIn(provider, idp);
    await expect(provider.revoke?.(partition)).rejects.toMatchObject({ code: 'idp_error' });
    expect(idp.counts.revocation).toBe(0);
  });
});
