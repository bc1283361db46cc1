import { generateKeyPairSync } from 'node:crypto';
import { ErrorCode, IdentityWebError, systemClock } from '@identity-web/core/provider';
import { FAKE_ENTRA } from '@identity-web/msal/testing';
import { describe, expect, it } from 'vitest';
import { createMsalProvider, type MsalProviderOptions } from '../src/index.js';

const valid: MsalProviderOptions = {
  tenant: FAKE_ENTRA.tenantId,
  clientId: FAKE_ENTRA.clientId,
  clientSecret: FAKE_ENTRA.clientSecret,
};
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
const SHA256 = 'a'.repeat(64);

function attempt(options: unknown): unknown {
  try {
    createMsalProvider(options as MsalProviderOptions);
  } catch (error) {
    return error;
  }
  return undefined;
}

// [what is wrong, the options, the option named in the error's `option` field and its message]
const BAD: ReadonlyArray<readonly [string, Record<string, unknown> | null, string]> = [
  ['no clientId', { ...valid, clientId: undefined }, 'clientId'],
  ['an empty clientId', { ...valid, clientId: ' ' }, 'clientId'],
  ['neither tenant nor authority', { ...valid, tenant: undefined }, 'tenant'],
  ['both tenant and authority', { ...valid, authority: 'https://login.microsoftonline.com/x' }, 'authority'],
  ['a tenant with a slash', { ...valid, tenant: 'a/b' }, 'tenant'],
  ['an http authority', { ...valid, tenant: undefined, authority: 'http://login.microsoftonline.com/x' }, 'authority'],
  ['a relative authority', { ...valid, tenant: undefined, authority: '/x' }, 'authority'],
  [
    'a B2C ?p= authority',
    { ...valid, tenant: undefined, authority: 'https://t.b2clogin.com/t.onmicrosoft.com?p=B2C_1_x' },
    'authority',
  ],
  ['no credential', { ...valid, clientSecret: undefined }, 'clientSecret'],
  ['two credentials', { ...valid, clientAssertion: async () => 'jwt' }, 'clientAssertion'],
  ['an empty secret', { ...valid, clientSecret: '' }, 'clientSecret'],
  ['a non-function assertion', { ...valid, clientSecret: undefined, clientAssertion: 'jwt' }, 'clientAssertion'],
  [
    'a certificate without thumbprint',
    { ...valid, clientSecret: undefined, clientCertificate: { privateKey: rsaPem } },
    'clientCertificate.thumbprintSha256',
  ],
  [
    'a short SHA-256 thumbprint',
    { ...valid, clientSecret: undefined, clientCertificate: { privateKey: rsaPem, thumbprintSha256: 'abc' } },
    'clientCertificate.thumbprintSha256',
  ],
  [
    'a SHA-256 value as SHA-1 thumbprint',
    { ...valid, clientSecret: undefined, clientCertificate: { privateKey: rsaPem, thumbprint: SHA256 } },
    'clientCertificate.thumbprint',
  ],
  [
    'a private key that is not PEM',
    {
      ...valid,
      clientSecret: undefined,
      clientCertificate: { privateKey: 'secret-key-material', thumbprintSha256: SHA256 },
    },
    'clientCertificate.privateKey',
  ],
  [
    'an EC key',
    { ...valid, clientSecret: undefined, clientCertificate: { privateKey: ecPem, thumbprintSha256: SHA256 } },
    'clientCertificate.privateKey',
  ],
  [
    'an x5c that is not PEM',
    {
      ...valid,
      clientSecret: undefined,
      clientCertificate: { privateKey: rsaPem, thumbprintSha256: SHA256, x5c: 'MIIB' },
    },
    'clientCertificate.x5c',
  ],
  [
    'knownAuthorities with a scheme',
    { ...valid, knownAuthorities: ['https://contoso.b2clogin.com'] },
    'knownAuthorities',
  ],
  ['authorityMetadata that is not JSON', { ...valid, authorityMetadata: '{' }, 'authorityMetadata'],
  [
    'authorityMetadata without jwks_uri',
    { ...valid, authorityMetadata: { issuer: 'i', token_endpoint: 't', authorization_endpoint: 'a' } },
    'authorityMetadata',
  ],
  ['cloudDiscoveryMetadata as an array', { ...valid, cloudDiscoveryMetadata: '[]' }, 'cloudDiscoveryMetadata'],
  ['an http issuer', { ...valid, issuer: 'http://x/v2.0' }, 'issuer'],
  ['responseMode fragment', { ...valid, responseMode: 'fragment' }, 'responseMode'],
  ['timeoutMs 0', { ...valid, timeoutMs: 0 }, 'timeoutMs'],
  ['timeoutMs NaN', { ...valid, timeoutMs: Number.NaN }, 'timeoutMs'],
  ['a fetch that is not a function', { ...valid, fetch: {} }, 'fetch'],
  ['clientCapabilities as a string', { ...valid, clientCapabilities: 'cp1' }, 'clientCapabilities'],
  ['idTokenHintOnLogout as a string', { ...valid, idTokenHintOnLogout: 'yes' }, 'idTokenHintOnLogout'],
  ['a negative clock skew', { ...valid, clockSkewSeconds: -1 }, 'clockSkewSeconds'],
  ['a clock skew past ten minutes', { ...valid, clockSkewSeconds: 601 }, 'clockSkewSeconds'],
  ['a logoutToken that is not an object', { ...valid, logoutToken: 'strict' }, 'logoutToken'],
  ['a zero logoutToken.maxAgeSeconds', { ...valid, logoutToken: { maxAgeSeconds: 0 } }, 'logoutToken.maxAgeSeconds'],
  [
    'a logoutToken.maxAgeSeconds past a day',
    { ...valid, logoutToken: { maxAgeSeconds: 86_401 } },
    'logoutToken.maxAgeSeconds',
  ],
  [
    'a string logoutToken.allowMissingExp',
    { ...valid, logoutToken: { allowMissingExp: 'no' } },
    'logoutToken.allowMissingExp',
  ],
  ['a logger without debug()', { ...valid, logger: { info() {}, warn() {}, error() {} } }, 'logger'],
  ['a clock without now()', { ...valid, clock: { time: 0 } }, 'clock'],
  [
    'a certificate that is not an object',
    { ...valid, clientSecret: undefined, clientCertificate: 'pem' },
    'clientCertificate',
  ],
  ['options that are not an object', null, 'options'],
];

describe('createMsalProvider options', () => {
  it.each(BAD)('rejects %s as invalid_option naming the option', (_, options, option) => {
    const error = attempt(options);
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error).toMatchObject({ code: ErrorCode.InvalidOption, option, status: 500, expose: false });
    expect((error as Error).message).toContain(`"${option}"`);
  });

  it('says which field the authority metadata lacks', () => {
    const error = attempt({
      ...valid,
      authorityMetadata: { issuer: 'i', token_endpoint: 't', authorization_endpoint: 'a' },
    });
    expect((error as Error).message).toContain('"jwks_uri"');
  });

  it('never echoes a secret or a key in its messages', () => {
    const error = attempt({
      ...valid,
      clientSecret: undefined,
      clientCertificate: { privateKey: 'KEYMATERIAL', thumbprintSha256: SHA256 },
    });
    expect((error as Error).message).not.toContain('KEYMATERIAL');
  });

  it.each([
    ['a client secret', valid],
    [
      'a certificate (SHA-256)',
      { ...valid, clientSecret: undefined, clientCertificate: { privateKey: rsaPem, thumbprintSha256: SHA256 } },
    ],
    [
      'a certificate (SHA-1, PKCS#1 key)',
      {
        ...valid,
        clientSecret: undefined,
        clientCertificate: {
          privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
            type: 'pkcs1',
            format: 'pem',
          }),
          thumbprint: 'b'.repeat(40),
        },
      },
    ],
    ['an assertion callback', { ...valid, clientSecret: undefined, clientAssertion: async () => 'jwt' }],
    ['a B2C authority', { ...valid, tenant: undefined, authority: 'https://t.b2clogin.com/t.onmicrosoft.com/B2C_1_x' }],
    ['an External ID authority', { ...valid, tenant: undefined, authority: 'https://contosoid.ciamlogin.com/' }],
    [
      'a China-cloud authority',
      { ...valid, tenant: undefined, authority: `https://login.partner.microsoftonline.cn/${FAKE_ENTRA.tenantId}` },
    ],
    [
      'every optional option',
      {
        ...valid,
        responseMode: 'form_post',
        timeoutMs: 5000,
        fetch,
        clientCapabilities: ['cp1'],
        idTokenHintOnLogout: false,
        clockSkewSeconds: 0,
        clock: systemClock,
        knownAuthorities: ['login.microsoftonline.com'],
        cloudDiscoveryMetadata: { tenant_discovery_endpoint: 'x', metadata: [] },
      },
    ],
  ])('accepts %s', (_, options) => {
    expect(attempt(options)).toBeUndefined();
  });
});

describe('createMsalProvider refuses what cannot be meant', () => {
  it.each([
    [{ tenantId: FAKE_ENTRA.tenantId }, 'tenantId', 'tenant'],
    [
      { clientCertificate: { privateKey: 'k', thumbprintSHA256: SHA256 }, clientSecret: undefined },
      'clientCertificate.thumbprintSHA256',
      'clientCertificate.thumbprintSha256',
    ],
    [{ knownAuthority: ['login.example.com'] }, 'knownAuthority', 'knownAuthorities'],
  ])('%j: a typo named with its path and the option it meant', (extra, path, near) => {
    const error = attempt({ ...valid, ...extra }) as IdentityWebError;
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error.option).toBe(path);
    expect(error.message).toContain(`"${path}" is not an option of createMsalProvider: did you mean "${near}"?`);
  });

  it.each([
    [{ par: true }, 'par', /pushed authorization requests \(RFC 9126\) are not offered by Entra ID/],
    [{ dpop: true }, 'dpop', /Entra ID issues no RFC 9449 DPoP-bound tokens/],
    [{ profile: 'fapi2' }, 'profile', /Entra ID has no FAPI 2.0 mode/],
    [{ logoutToken: { algorithms: ['ES256'] } }, 'logoutToken.algorithms', /Entra ID signs its tokens with RS256 only/],
  ])('%j: an option of @identity-web/oidc, refused saying Entra ID has no such thing', (extra, option, why) => {
    const error = attempt({ ...valid, ...extra }) as IdentityWebError;
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`"${option}" is an option of @identity-web/oidc only`);
    expect(error.message).toMatch(why);
  });

  it('refuses clientSecret: undefined with a message about an unset variable', () => {
    const error = attempt({ ...valid, clientSecret: undefined }) as IdentityWebError;
    expect(error.option).toBe('clientSecret');
    expect(error.message).toMatch(/is undefined \(an unset environment variable\?\)/);
  });
});
