import { FAKE_ENTRA, FakeEntraKeys, makeUser } from '@identity-web/msal/testing';
import { http } from 'msw';
import { describe, it } from 'vitest';
import { expectKeySetFailure, KEY_SET_FAILURES, respond } from '../../core/test/support/key-set-failures.js';
import { provider, useMsw } from './support/harness.js';

// The core's table of key-set failures, through this package's logout-token verification: the
// same codes, statuses and Retry-After as @identity-web/oidc (packages/idp-oidc/test).
const server = useMsw();
const JWKS_URI = `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/discovery/v2.0/keys`;

describe('the key-set endpoint failing a logout token’s verification', () => {
  it.each(KEY_SET_FAILURES.map((f) => [f.name, f] as const))('%s', async (_name, failure) => {
    const keys = new FakeEntraKeys(`${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}`);
    server.use(http.get(JWKS_URI, () => respond(failure.answer)));
    const error = await provider({ timeoutMs: 200 })
      .verifyLogoutToken(await keys.logoutToken(makeUser(1)))
      .catch((e: unknown) => e);
    expectKeySetFailure(error, failure, JWKS_URI);
  });
});
