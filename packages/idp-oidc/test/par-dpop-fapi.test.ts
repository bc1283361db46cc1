import { IdentityWebError, InteractionRequiredError } from '@identity-web/core/provider';
import { createOidcProvider, type OidcProviderOptions } from '@identity-web/oidc';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from '@identity-web/oidc/testing';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { caught, newProvider, signIn, startSignIn, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

let es256: JWK & { kid: string };
let rs256: JWK & { kid: string };
beforeAll(async () => {
  es256 = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'es' };
  rs256 = { ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)), kid: 'rs' };
});

function fapi(options: Partial<OidcProviderOptions> = {}) {
  return createOidcProvider({
    issuer: ISSUER,
    clientId: CLIENT_ID,
    clientPrivateKeys: [es256],
    profile: 'fapi2',
    ...options,
  } as OidcProviderOptions);
}

function refusal(make: () => unknown): IdentityWebError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityWebError);
    return error as IdentityWebError;
  }
  throw new Error('expected a refusal');
}

describe('profile "fapi2": the FAPI 2.0 client rules, refused at creation with the rule named', () => {
  it('accepts private_key_jwt with an ES256 key, and turns PAR and DPoP on', () => {
    expect(() => fapi()).not.toThrow();
  });

  // [the option broken, the override, what the message says]
  it.each([
    ['par', { par: false }, /authorization requests must be pushed \(RFC 9126\)/],
    ['dpop', { dpop: false }, /sender-constrained, here with DPoP \(RFC 9449\)/],
    ['clientAuth', { clientPrivateKeys: undefined, clientSecret: 's' }, /private_key_jwt .*not "client_secret_basic"/],
    [
      'clientAuth',
      { clientAuth: 'client_secret_post', clientPrivateKeys: undefined, clientSecret: 's' },
      /private_key_jwt/,
    ],
    ['clientPrivateKeys[0].alg', { clientPrivateKeys: 'rs' }, /only PS256, ES256 and EdDSA may sign \(got RS256\)/],
    ['logoutToken.algorithms', { logoutToken: { algorithms: ['ES256', 'RS256'] } }, /\(got RS256\)/],
    ['acceptUnadvertisedIss', { acceptUnadvertisedIss: true }, /"iss" authorization-response parameter \(RFC 9207\)/],
  ] as const)('refuses %s: %o', (option, override, message) => {
    const options =
      'clientPrivateKeys' in override && override.clientPrivateKeys === 'rs'
        ? { ...override, clientPrivateKeys: [rs256] }
        : override;
    const error = refusal(() => fapi(options as Partial<OidcProviderOptions>));
    expect(error.option).toBe(option);
    expect(error.message).toMatch(/is refused by profile "fapi2": /);
    expect(error.message).toMatch(message);
  });

  it('refuses another profile, and par/dpop that are no booleans', () => {
    expect(refusal(() => fapi({ profile: 'fapi1' as never }))).toMatchObject({ option: 'profile' });
    expect(refusal(() => newProvider({ par: 'yes' as never }))).toMatchObject({ option: 'par' });
    expect(refusal(() => newProvider({ dpop: 1 as never }))).toMatchObject({ option: 'dpop' });
  });
});

describe('what the provider must support, checked before the user is sent there', () => {
  it('"par: true" with a provider that has no PAR endpoint: the sign-in fails, saying so', async () => {
    const error = await caught(startSignIn(newProvider({ par: true })));
    expect(error).toMatchObject({ code: 'idp_error' });
    expect(error.message).toMatch(/no "pushed_authorization_request_endpoint".*"par: true"/);
  });

  it('"fapi2" with a provider that does not advertise the RFC 9207 "iss" parameter', async () => {
    idp.metadata.authorization_response_iss_parameter_supported = false;
    const error = await caught(startSignIn(fapi()));
    expect(error.message).toMatch(/profile "fapi2".*"iss" authorization-response parameter \(RFC 9207\)/);
    expect(idp.counts.token).toBe(0);
  });

  it('"dpop" with a provider that takes no ES256 proofs', async () => {
    idp.metadata.dpop_signing_alg_values_supported = ['EdDSA'];
    const error = await caught(startSignIn(newProvider({ dpop: true })));
    expect(error.message).toMatch(/does not take ES256 DPoP proofs/);
  });

  it('"fapi2": a callback without "iss" is refused even when the provider stopped advertising it', async () => {
    idp.metadata.authorization_response_iss_parameter_supported = false;
    const params = new URLSearchParams({ code: 'c', state: 's' });
    const redemption = { params, state: 's', nonce: 'n', codeVerifier: 'v'.repeat(43), scopes: ['openid'] };
    const error = await caught(fapi().redeemCode({ ...redemption, redirectUri: REDIRECT_URI }));
    expect(error).toMatchObject({ code: 'invalid_callback', status: 400 });
    expect(error.message).toMatch(/no "iss" parameter, which profile "fapi2" requires/);
    expect(idp.counts.token).toBe(0);
  });
});

describe('"dpop" with a provider that does not bind the tokens', () => {
  it('refuses a Bearer token from the code redemption: the tokens would not be what was asked for', async () => {
    const error = await caught(signIn(newProvider({ dpop: true }), idp));
    expect(error).toMatchObject({ code: 'idp_error' });
    expect(error.message).toMatch(/"dpop" is on but the provider issued a token of type "bearer", not DPoP/);
  });
});

describe('the DPoP key in the partition', () => {
  it('a partition whose key is not an EC P-256 private JWK is no partition of ours: the user signs in again', async () => {
    const provider = newProvider();
    const { partition, account } = await signIn(provider, idp);
    const broken = JSON.stringify({ ...JSON.parse(partition), dk: { kty: 'RSA', n: 'x', e: 'AQAB' } });
    const request = { scopes: ['api.read'], forceRefresh: false, refreshSkewSeconds: 60 };
    const error = await caught(provider.acquireTokenSilent(broken, account, request));
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect(error).toMatchObject({ interaction: { reason: 'no_token_cache' } });
  });
});
