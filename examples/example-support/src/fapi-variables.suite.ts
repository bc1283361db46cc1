import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exampleEnv, refusal } from './configuration.suite.js';
import type { StartWebApp } from './types.js';

/** A private JWK with a `kid`, as `IDENTITY_WEB_CLIENT_PRIVATE_KEY` takes it. */
export function clientPrivateJwk(type: 'ec' | 'rsa' = 'ec', kid = `app-${type}`): Record<string, unknown> {
  const { privateKey } =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid };
}

/** An example app's environment in FAPI 2.0 mode: the profile and a private key, no secret. */
export function fapiEnv(key: Record<string, unknown> = clientPrivateJwk()): Record<string, string> {
  const { IDENTITY_WEB_CLIENT_SECRET: _secret, ...withoutSecret } = exampleEnv(0);
  return { ...withoutSecret, IDENTITY_WEB_PROFILE: 'fapi2', IDENTITY_WEB_CLIENT_PRIVATE_KEY: JSON.stringify(key) };
}

/**
 * An app's wiring of `IDENTITY_WEB_PROFILE`, `IDENTITY_WEB_CLIENT_PRIVATE_KEY`, `IDENTITY_WEB_DPOP`
 * and `IDENTITY_WEB_PAR` into `createOidcProvider`: it starts with the key alone, and every option
 * the library refuses is named by its variable.
 */
export function describeFapiVariables(name: string, start: StartWebApp): void {
  describe(`${name}: private_key_jwt, FAPI 2.0, DPoP and PAR variables`, () => {
    const FAPI = fapiEnv();

    it('starts with the private key and the profile alone, no secret', async () => {
      const app = await start(FAPI);
      await app.close();
    });

    // Refused by @identity-web/oidc (its `error.option`), named by the app.
    it.each([
      ['IDENTITY_WEB_DPOP', 'false', /was refused: .*"dpop" is refused by profile "fapi2"/],
      ['IDENTITY_WEB_PAR', 'false', /was refused: .*"par" is refused by profile "fapi2"/],
      [
        'IDENTITY_WEB_CLIENT_PRIVATE_KEY',
        JSON.stringify(clientPrivateJwk('rsa')),
        /was refused: .*only PS256, ES256 and EdDSA/,
      ],
    ])('with IDENTITY_WEB_PROFILE=fapi2, names %s when the library refuses it', async (variable, value, message) => {
      const error = await refusal(start, { ...FAPI, [variable]: value });
      expect(error.variables).toEqual([variable]);
      expect(error.message).toMatch(message);
    });

    it('refuses a client authentication other than private_key_jwt beside the key', async () => {
      const error = await refusal(start, { ...FAPI, IDENTITY_WEB_CLIENT_AUTH: 'client_secret_post' });
      expect(error.variables).toEqual(['IDENTITY_WEB_CLIENT_AUTH']);
      expect(error.message).toMatch(
        /IDENTITY_WEB_CLIENT_AUTH must be private_key_jwt, or unset, with IDENTITY_WEB_CLIENT_PRIVATE_KEY/,
      );
    });
  });
}
