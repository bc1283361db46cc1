import { clientPrivateJwk, describeFapiVariables, exampleEnv, refusal } from '@identity-web-examples/example-support';
import { EnvError, readEnv } from '@identity-web-examples/web-app-kit';
import { describe, expect, it } from 'vitest';
import { startKoaWebApp } from '../src/index.js';
import { readPartnerEnv } from '../src/partner-env.js';

// The variables of private_key_jwt, the FAPI 2.0 profile, DPoP and PAR (web-app-kit's env.ts,
// which every app reads them with). Each bad value is refused naming its variable, and no
// message repeats any part of a key.

const privateJwk = (type: 'ec' | 'rsa' = 'ec', kid = 'koa-2026-05') => clientPrivateJwk(type, kid);

const KEY = privateJwk();
const { IDENTITY_WEB_CLIENT_SECRET: _secret, ...WITHOUT_SECRET } = exampleEnv(0);
const FAPI = { ...WITHOUT_SECRET, IDENTITY_WEB_PROFILE: 'fapi2', IDENTITY_WEB_CLIENT_PRIVATE_KEY: JSON.stringify(KEY) };
const MSAL = {
  ...exampleEnv(0),
  IDENTITY_WEB_IDP: 'msal',
  IDENTITY_WEB_ISSUER: undefined,
  IDENTITY_WEB_TENANT: 'common',
};

function envError(env: Record<string, string | undefined>): EnvError {
  try {
    readEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error('readEnv accepted the environment');
}

describe('Koa web app: private_key_jwt, FAPI 2.0, DPoP and PAR variables', () => {
  it('passes the profile and the private key on, and needs no client secret then', () => {
    const config = readEnv(FAPI);
    expect(config.clientSecret).toBeUndefined();
    expect(config.provider).toEqual({ profile: 'fapi2', clientPrivateKeys: [KEY] });
  });

  it('takes a private key without the profile (private_key_jwt), and DPoP and PAR on their own', () => {
    const env = {
      ...WITHOUT_SECRET,
      IDENTITY_WEB_CLIENT_PRIVATE_KEY: JSON.stringify(KEY),
      IDENTITY_WEB_DPOP: 'true',
      IDENTITY_WEB_PAR: 'false',
    };
    expect(readEnv(env).provider).toEqual({ clientPrivateKeys: [KEY], dpop: true, par: false });
    // Unset, each stays out: the library's defaults hold.
    expect(readEnv(exampleEnv(0)).provider).toEqual({});
  });

  it('with IDENTITY_WEB_PROFILE=fapi2, needs the private key, not a secret', () => {
    const error = envError({ ...WITHOUT_SECRET, IDENTITY_WEB_PROFILE: 'fapi2' });
    expect(error.variables).toContain('IDENTITY_WEB_CLIENT_PRIVATE_KEY');
    expect(error.message).toMatch(/IDENTITY_WEB_CLIENT_PRIVATE_KEY is required with IDENTITY_WEB_PROFILE=fapi2/);
  });

  it('without a key, still needs the secret, and says a key would do', () => {
    const error = envError(WITHOUT_SECRET);
    expect(error.variables).toEqual(['IDENTITY_WEB_CLIENT_SECRET']);
    expect(error.message).toMatch(/or IDENTITY_WEB_CLIENT_PRIVATE_KEY, for private_key_jwt/);
  });

  // [variable, what is wrong with the value (the test's name: no key in it), value, message]
  const PUBLIC = { ...KEY, d: undefined };
  it.each([
    ['IDENTITY_WEB_PROFILE', 'fapi1', 'fapi1', /must be fapi2, the FAPI 2.0 Security Profile \(got "fapi1"\)/],
    ['IDENTITY_WEB_DPOP', 'yes', 'yes', /must be true or false \(got "yes"\)/],
    ['IDENTITY_WEB_PAR', '1', '1', /must be true or false \(got "1"\)/],
    ['IDENTITY_WEB_CLIENT_PRIVATE_KEY', 'cut short', JSON.stringify(KEY).slice(0, -1), /it is not JSON/],
    ['IDENTITY_WEB_CLIENT_PRIVATE_KEY', 'a JSON string', '"a string"', /it is not a JSON object/],
    [
      'IDENTITY_WEB_CLIENT_PRIVATE_KEY',
      'a JWK Set',
      JSON.stringify({ keys: [KEY] }),
      /it is a JWK Set; give the one key/,
    ],
    ['IDENTITY_WEB_CLIENT_PRIVATE_KEY', 'without kty', JSON.stringify({ ...KEY, kty: undefined }), /it has no "kty"/],
    ['IDENTITY_WEB_CLIENT_PRIVATE_KEY', 'a public key', JSON.stringify(PUBLIC), /it is a public key \(no "d"\)/],
    [
      'IDENTITY_WEB_CLIENT_PRIVATE_KEY',
      'a symmetric key',
      JSON.stringify({ kty: 'oct', k: KEY.d, kid: 'k1' }),
      /its "kty" must be "RSA", "EC" or "OKP": a symmetric \("oct"\) key cannot sign/,
    ],
    ['IDENTITY_WEB_CLIENT_PRIVATE_KEY', 'an empty kid', JSON.stringify({ ...KEY, kid: '' }), /it has no "kid"/],
    ['IDENTITY_WEB_CLIENT_AUTH', 'not private_key_jwt', 'client_secret_basic', /must be private_key_jwt, or unset/],
  ])('refuses %s (%s), naming it', (variable, _what, value, message) => {
    const error = envError({ ...FAPI, [variable]: value });
    expect(error.variables).toEqual([variable]);
    const shape = variable === 'IDENTITY_WEB_CLIENT_PRIVATE_KEY' ? 'must be one private JWK as JSON, with "kid": ' : '';
    expect(error.message).toMatch(new RegExp(`${variable} ${shape}${message.source}`));
    // Nothing of the key in the message: not its private part, not even its public one.
    for (const part of [KEY.d, KEY.x, KEY.y]) expect(error.message).not.toContain(part);
  });

  it('with IDENTITY_WEB_CLIENT_AUTH=private_key_jwt, needs the private key, naming its variable', () => {
    const error = envError({ ...WITHOUT_SECRET, IDENTITY_WEB_CLIENT_AUTH: 'private_key_jwt' });
    expect(error.variables).toContain('IDENTITY_WEB_CLIENT_PRIVATE_KEY');
    expect(error.message).toMatch(
      /IDENTITY_WEB_CLIENT_PRIVATE_KEY is required with IDENTITY_WEB_CLIENT_AUTH=private_key_jwt/,
    );
  });

  it('with IDENTITY_WEB_IDP=msal, refuses each of them: Entra ID takes none', () => {
    const error = envError({
      ...MSAL,
      IDENTITY_WEB_PROFILE: 'fapi2',
      IDENTITY_WEB_CLIENT_PRIVATE_KEY: JSON.stringify(KEY),
      IDENTITY_WEB_DPOP: 'true',
      IDENTITY_WEB_PAR: 'true',
    });
    expect(error.variables).toEqual([
      'IDENTITY_WEB_PROFILE',
      'IDENTITY_WEB_CLIENT_PRIVATE_KEY',
      'IDENTITY_WEB_DPOP',
      'IDENTITY_WEB_PAR',
    ]);
    expect(error.message).toMatch(/IDENTITY_WEB_PROFILE applies with IDENTITY_WEB_IDP=oidc only/);
    expect(error.message).not.toContain(String(KEY.d));
  });
});

describeFapiVariables('Koa web app', startKoaWebApp);

describe('Koa web app: the partner provider with a private key, FAPI 2.0', () => {
  const PARTNER = {
    ...FAPI,
    IDENTITY_WEB_PARTNER_ISSUER: 'http://127.0.0.1:8',
    IDENTITY_WEB_PARTNER_CLIENT_ID: 'koa-web-app',
  };
  const partnerError = (env: Record<string, string | undefined>) => {
    try {
      readPartnerEnv(env);
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      return error as EnvError;
    }
    throw new Error('readPartnerEnv accepted the environment');
  };

  it('takes a private key instead of the secret, and the profile', () => {
    const env = {
      ...PARTNER,
      IDENTITY_WEB_PARTNER_PROFILE: 'fapi2',
      IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY: JSON.stringify(KEY),
    };
    expect(readPartnerEnv(env)).toEqual({
      issuer: 'http://127.0.0.1:8',
      clientId: 'koa-web-app',
      clientPrivateKey: KEY,
      profile: 'fapi2',
    });
  });

  it('with IDENTITY_WEB_PARTNER_PROFILE=fapi2, needs the private key; without either, the secret', () => {
    const fapi = partnerError({ ...PARTNER, IDENTITY_WEB_PARTNER_PROFILE: 'fapi2' });
    expect(fapi.variables).toEqual(['IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY']);
    expect(fapi.message).toMatch(/is required with IDENTITY_WEB_PARTNER_PROFILE=fapi2/);
    expect(partnerError(PARTNER).variables).toEqual(['IDENTITY_WEB_PARTNER_CLIENT_SECRET']);
  });

  it('refuses a bad profile or key, naming each, and both without the partner issuer', () => {
    const bad = partnerError({
      ...PARTNER,
      IDENTITY_WEB_PARTNER_PROFILE: 'fapi',
      IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY: JSON.stringify({ ...KEY, d: undefined }),
    });
    expect(bad.variables).toEqual(['IDENTITY_WEB_PARTNER_PROFILE', 'IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY']);
    expect(bad.message).toMatch(/IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY must be one private JWK .*a public key/);
    expect(bad.message).not.toContain(String(KEY.x));
    const alone = partnerError({
      ...FAPI,
      IDENTITY_WEB_PARTNER_PROFILE: 'fapi2',
      IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY: JSON.stringify(KEY),
    });
    expect(alone.variables).toEqual(['IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY', 'IDENTITY_WEB_PARTNER_PROFILE']);
    expect(alone.message).toMatch(/applies with IDENTITY_WEB_PARTNER_ISSUER only/);
  });

  it('starts with both providers on private keys, FAPI 2.0; names the partner key the library refuses', async () => {
    const env = {
      ...PARTNER,
      IDENTITY_WEB_PARTNER_PROFILE: 'fapi2',
      IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY: JSON.stringify(privateJwk('ec', 'partner-key')),
    };
    const app = await startKoaWebApp(env);
    await app.close();
    const rsa = { ...env, IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY: JSON.stringify(privateJwk('rsa')) };
    const error = await refusal(startKoaWebApp, rsa);
    expect(error.variables).toEqual(['IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY']);
    expect(error.message).toMatch(/was refused: .*only PS256, ES256 and EdDSA/);
  });
});
