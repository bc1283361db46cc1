import { createHash, generateKeyPairSync } from 'node:crypto';
import { ManualClock } from '@identity-web/core/testing';
import { FAKE_ENTRA, FakeEntra } from '@identity-web/msal/testing';
import { compactVerify, decodeProtectedHeader, importSPKI } from 'jose';
import { describe, expect, it } from 'vitest';
import type { ClientAssertionContext } from '../src/index.js';
import { provider, silent, useMsw } from './support/harness.js';

const server = useMsw();
const TOKEN_ENDPOINT = `https://login.microsoftonline.com/${FAKE_ENTRA.tenantId}/oauth2/v2.0/token`;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const APP_SCOPE = ['https://graph.microsoft.com/.default'];
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const SPKI = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const THUMB256 = createHash('sha256').update('fake certificate der').digest('hex');
const THUMB1 = createHash('sha1').update('fake certificate der').digest('hex');
const CHAIN =
  '-----BEGIN CERTIFICATE-----\nMIIBfakeLeaf\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIIBfakeCA\n-----END CERTIFICATE-----';

function setup(options: Parameters<typeof provider>[0]) {
  const entra = new FakeEntra();
  server.use(...entra.handlers());
  return { entra, idp: provider({ clientSecret: undefined, ...options }) };
}

function assertionOf(entra: FakeEntra, i: number): string {
  const body = entra.tokenRequests[i]?.body;
  expect(body?.get('client_assertion_type')).toBe(JWT_BEARER);
  expect(body?.has('client_secret')).toBe(false);
  return body?.get('client_assertion') ?? '';
}

describe('certificate credential', () => {
  it('signs PS256 with x5t#S256 and the chain as x5c, for the token endpoint (Microsoft identity platform certificate credentials)', async () => {
    const { entra, idp } = setup({ clientCertificate: { privateKey: PEM, thumbprintSha256: THUMB256, x5c: CHAIN } });
    await idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE }));
    const jwt = assertionOf(entra, 0);
    const { payload, protectedHeader } = await compactVerify(jwt, await importSPKI(SPKI, 'PS256'));
    expect(protectedHeader).toEqual({
      alg: 'PS256',
      typ: 'JWT',
      'x5t#S256': Buffer.from(THUMB256, 'hex').toString('base64url'),
      x5c: ['MIIBfakeLeaf', 'MIIBfakeCA'],
    });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toMatchObject({ aud: TOKEN_ENDPOINT, iss: FAKE_ENTRA.clientId, sub: FAKE_ENTRA.clientId });
    expect(claims.exp - claims.nbf).toBe(600);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('signs RS256 with x5t for a SHA-1 thumbprint', async () => {
    const { entra, idp } = setup({ clientCertificate: { privateKey: PEM, thumbprint: THUMB1 } });
    await idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE }));
    const header = decodeProtectedHeader(assertionOf(entra, 0));
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(THUMB1, 'hex').toString('base64url') });
  });

  it('reuses one signed assertion across calls instead of signing per msal client', async () => {
    const { entra, idp } = setup({ clientCertificate: { privateKey: PEM, thumbprintSha256: THUMB256 } });
    await idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE }));
    await idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE }));
    expect(assertionOf(entra, 1)).toBe(assertionOf(entra, 0));
  });

  it('signs a fresh one when the cached one is about to expire', async () => {
    const clock = new ManualClock(Date.now());
    const { entra, idp } = setup({ clientCertificate: { privateKey: PEM, thumbprintSha256: THUMB256 }, clock });
    await idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE }));
    clock.advance(500_000);
    await idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE }));
    expect(assertionOf(entra, 1)).not.toBe(assertionOf(entra, 0));
  });
});

describe('client assertion callback', () => {
  it('is asked with the client id and token endpoint, and its JWT is sent', async () => {
    const seen: ClientAssertionContext[] = [];
    const { entra, idp } = setup({
      clientAssertion: async (context) => {
        seen.push(context);
        return 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZCJ9.sig';
      },
    });
    await idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE }));
    expect(seen[0]).toEqual({ clientId: FAKE_ENTRA.clientId, tokenEndpoint: TOKEN_ENDPOINT });
    expect(assertionOf(entra, 0)).toBe('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZCJ9.sig');
  });
});

describe('a client Entra refuses: the message names the credential to fix', () => {
  const refused = (code: number) => () => new FakeEntra().error(401, 'invalid_client', code);

  it('names the certificate by the thumbprint option given, not a secret (AADSTS700027)', async () => {
    for (const [certificate, named] of [
      [{ privateKey: PEM, thumbprintSha256: THUMB256 }, `clientCertificate.thumbprintSha256 ${THUMB256}`],
      [{ privateKey: PEM, thumbprint: THUMB1 }, `clientCertificate.thumbprint ${THUMB1}`],
    ] as const) {
      const { entra, idp } = setup({ clientCertificate: certificate });
      entra.override = refused(700027);
      const error = (await idp
        .acquireTokenForApp(null, silent({ scopes: APP_SCOPE }))
        .catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ code: 'idp_error', status: 502 });
      expect(error.message).toBe(
        `Entra refused the client: invalid_client (AADSTS700027): check that the certificate of ${named} is uploaded to the app registration of clientId (Certificates & secrets), and that clientCertificate.privateKey is its key`,
      );
      expect(error.message).not.toContain('clientSecret');
    }
  });

  it('names the JWT of clientAssertion and what Entra checks in it', async () => {
    const { entra, idp } = setup({ clientAssertion: async () => 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3In0.sig' });
    entra.override = refused(700027);
    await expect(idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE }))).rejects.toMatchObject({
      code: 'idp_error',
      message:
        'Entra refused the client: invalid_client (AADSTS700027): check the JWT clientAssertion returns: signed with a certificate registered on the app registration of clientId (or issued as its federated credential names), iss and sub clientId, aud the token endpoint',
    });
  });

  it("names the secret's Value, not its Secret ID, for a refused secret (AADSTS7000215)", async () => {
    const { entra, idp } = setup({ clientSecret: 'a-secret-that-entra-does-not-know' });
    entra.override = refused(7000215);
    const error = (await idp.acquireTokenForApp(null, silent({ scopes: APP_SCOPE })).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      "Entra refused the client: invalid_client (AADSTS7000215): check clientId and clientSecret: a client secret's Value from the app registration's Certificates & secrets (not its Secret ID), not expired",
    );
    expect(error.message).not.toContain('a-secret-that-entra-does-not-know');
  });
});
