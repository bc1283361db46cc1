import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { describe, it } from 'vitest';
import { expectKeySetFailure, KEY_SET_FAILURES, respond } from '../../core/test/support/key-set-failures.js';
import { caught, newProvider, useFakeOpenIdProvider } from './support/harness.js';

// The core's table of key-set failures, through this package's logout-token verification: the
// same codes, statuses and Retry-After as @identity-web/msal (packages/idp-msal/test).
const idp = useFakeOpenIdProvider();

describe('the key-set endpoint failing a logout token’s verification', () => {
  it.each(KEY_SET_FAILURES.map((f) => [f.name, f] as const))('%s', async (_name, failure) => {
    idp.overrides.jwks = () => respond(failure.answer);
    const provider = newProvider({ timeoutMs: 200 });
    const error = await caught(provider.verifyLogoutToken(await idp.logoutToken()));
    expectKeySetFailure(error, failure, `${FAKE_OPENID.issuer}/jwks`);
  });
});
