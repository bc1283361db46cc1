import { generateKeyPairSync } from 'node:crypto';
import { exampleEnv } from '@identity-web-examples/example-support';
import { describe, expect, it } from 'vitest';
import { EnvError } from '../src/env.js';
import { startHonoWebApp } from '../src/index.js';

// The Hono app's wiring of the private_key_jwt, FAPI 2.0, DPoP and PAR variables into
// createOidcProvider. env.ts itself is the Koa app's, tested there (a test keeps the copies equal).

function privateJwk(type: 'ec' | 'rsa'): Record<string, unknown> {
  const { privateKey } =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `hono-${type}` };
}

const { IDENTITY_WEB_CLIENT_SECRET: _secret, ...WITHOUT_SECRET } = exampleEnv(0);
const FAPI = {
  ...WITHOUT_SECRET,
  IDENTITY_WEB_PROFILE: 'fapi2',
  IDENTITY_WEB_CLIENT_PRIVATE_KEY: JSON.stringify(privateJwk('ec')),
};

async function refusal(env: Record<string, string | undefined>): Promise<EnvError> {
  const error = await startHonoWebApp(env).then(
    async (app) => {
      await app.close();
      return new Error('the app started');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnvError);
  return error as EnvError;
}

describe('Hono web app: private_key_jwt, FAPI 2.0, DPoP and PAR variables', () => {
  it('starts with the private key and the profile alone, no secret', async () => {
    const app = await startHonoWebApp(FAPI);
    await app.close();
  });

  it.each([
    ['IDENTITY_WEB_DPOP', 'false', /was refused: .*"dpop" is refused by profile "fapi2"/],
    ['IDENTITY_WEB_PAR', 'false', /was refused: .*"par" is refused by profile "fapi2"/],
    [
      'IDENTITY_WEB_CLIENT_PRIVATE_KEY',
      JSON.stringify(privateJwk('rsa')),
      /was refused: .*only PS256, ES256 and EdDSA/,
    ],
  ])('with IDENTITY_WEB_PROFILE=fapi2, names %s when the library refuses it', async (variable, value, message) => {
    const error = await refusal({ ...FAPI, [variable]: value });
    expect(error.variables).toEqual([variable]);
    expect(error.message).toMatch(message);
  });

  it('refuses a client authentication other than private_key_jwt beside the key', async () => {
    const error = await refusal({ ...FAPI, IDENTITY_WEB_CLIENT_AUTH: 'client_secret_post' });
    expect(error.variables).toEqual(['IDENTITY_WEB_CLIENT_AUTH']);
    expect(error.message).toMatch(
      /IDENTITY_WEB_CLIENT_AUTH must be private_key_jwt, or unset, with IDENTITY_WEB_CLIENT_PRIVATE_KEY/,
    );
  });
});
