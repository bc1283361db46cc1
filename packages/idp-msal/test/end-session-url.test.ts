import { FAKE_ENTRA } from '@identity-web/msal/testing';
import { describe, expect, it } from 'vitest';
import { provider } from './support/harness.js';

const request = {
  postLogoutRedirectUri: 'https://app.example.com/auth/signed-out',
  state: 'st-123',
  idTokenHint: 'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.',
  logoutHint: 'O.CiQxMTExMTExMS0yMjIy',
};

describe('endSessionUrl', () => {
  it('targets {authority}/oauth2/v2.0/logout with post_logout_redirect_uri, logout_hint, state and id_token_hint', async () => {
    const url = await provider().endSessionUrl(request);
    expect(`${url?.origin}${url?.pathname}`).toBe(
      `https://login.microsoftonline.com/${FAKE_ENTRA.tenantId}/oauth2/v2.0/logout`,
    );
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      post_logout_redirect_uri: request.postLogoutRedirectUri,
      logout_hint: request.logoutHint,
      state: request.state,
      id_token_hint: request.idTokenHint,
    });
  });

  it('leaves id_token_hint out when told to, and logout_hint out when there is none', async () => {
    const url = await provider({ idTokenHintOnLogout: false }).endSessionUrl({
      postLogoutRedirectUri: request.postLogoutRedirectUri,
      state: request.state,
      idTokenHint: request.idTokenHint,
    });
    expect([...(url?.searchParams.keys() ?? [])].sort()).toEqual(['post_logout_redirect_uri', 'state']);
  });

  it('follows the authority: B2C policy, sovereign cloud, External ID', async () => {
    const b2c = await provider({
      tenant: undefined,
      authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin',
    }).endSessionUrl(request);
    expect(b2c?.pathname).toBe('/contoso.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/logout');
    const us = await provider({
      tenant: undefined,
      authority: `https://login.microsoftonline.us/${FAKE_ENTRA.tenantId}`,
    }).endSessionUrl(request);
    expect(us?.origin).toBe('https://login.microsoftonline.us');
    const ciam = await provider({ tenant: undefined, authority: 'https://contosoid.ciamlogin.com/' }).endSessionUrl(
      request,
    );
    expect(`${ciam?.origin}${ciam?.pathname}`).toBe(
      'https://contosoid.ciamlogin.com/contosoid.onmicrosoft.com/oauth2/v2.0/logout',
    );
  });

  it('ignores a trailing slash or an issuer-style /v2.0 on the authority', async () => {
    for (const authority of [
      `https://login.microsoftonline.com/${FAKE_ENTRA.tenantId}/`,
      `https://login.microsoftonline.com/${FAKE_ENTRA.tenantId}/v2.0`,
    ]) {
      const url = await provider({ tenant: undefined, authority }).endSessionUrl(request);
      expect(url?.pathname).toBe(`/${FAKE_ENTRA.tenantId}/oauth2/v2.0/logout`);
    }
  });

  it('uses end_session_endpoint from authorityMetadata when given', async () => {
    const idp = provider({
      authorityMetadata: {
        authorization_endpoint: 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize',
        token_endpoint: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
        issuer: 'https://login.microsoftonline.com/t/v2.0',
        jwks_uri: 'https://login.microsoftonline.com/t/discovery/v2.0/keys',
        end_session_endpoint: 'https://login.microsoftonline.com/t/oauth2/v2.0/logout',
      },
    });
    expect((await idp.endSessionUrl(request))?.pathname).toBe('/t/oauth2/v2.0/logout');
  });
});

describe('frameOrigin and issuer', () => {
  it('frameOrigin is the authority’s origin, which frames the front-channel logout URL', () => {
    expect(provider().frameOrigin).toBe('https://login.microsoftonline.com');
    expect(
      provider({ tenant: undefined, authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_x' })
        .frameOrigin,
    ).toBe('https://contoso.b2clogin.com');
  });

  it.each([
    [FAKE_ENTRA.tenantId, `https://login.microsoftonline.com/${FAKE_ENTRA.tenantId}/v2.0`],
    ['organizations', 'https://login.microsoftonline.com/{tenantid}/v2.0'],
    ['common', 'https://login.microsoftonline.com/{tenantid}/v2.0'],
    ['consumers', 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0'],
    ['contoso.onmicrosoft.com', 'https://login.microsoftonline.com/{tenantid}/v2.0'],
  ])('tenant %s has the issuer %s', (tenant, issuer) => {
    expect(provider({ tenant }).issuer).toBe(issuer);
  });
});
