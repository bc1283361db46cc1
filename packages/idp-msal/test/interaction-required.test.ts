import { InteractionRequiredAuthError } from '@azure/msal-node';
import { ErrorCode, InteractionRequiredError, systemClock } from '@identity-web/core/provider';
import { FAKE_ENTRA, FakeEntra, makeUser } from '@identity-web/msal/testing';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { mapMsalError } from '../src/errors.js';
import { CallNetwork } from '../src/http/call-network.js';
import { DiscoveryCache } from '../src/http/discovery.js';
import { type AadError, aadErrorBody, TOKEN_HEADERS } from '../src/testing/entra-shapes.js';
import { aged, provider, signIn, silent, useMsw } from './support/harness.js';

const server = useMsw();

const MFA_CLAIMS = '{"access_token":{"polids":{"essential":true,"values":["d77e91f0-fc60-45e4-97b8-14a1337faa28"]}}}';

async function refreshFailingWith(body: Record<string, unknown>, status = 400) {
  const entra = new FakeEntra();
  server.use(...entra.handlers());
  const idp = provider();
  const { account, partition } = await signIn(idp, entra, makeUser(9));
  entra.override = (request) =>
    request.body.get('grant_type') === 'refresh_token'
      ? HttpResponse.json(body, { status, headers: TOKEN_HEADERS })
      : undefined;
  const error = await idp
    .acquireTokenSilent(partition, account, silent({ forceRefresh: true }))
    .catch((e: unknown) => e);
  return { error: error as InteractionRequiredError, partition };
}

// Each row: what Entra sends on the refresh grant (docs/entra-id.md), and the reason we report.
const CASES: ReadonlyArray<readonly [string, AadError, string]> = [
  [
    'consent missing (AADSTS65001, suberror consent_required)',
    {
      error: 'invalid_grant',
      code: 65001,
      description: 'The user or administrator has not consented to use the application.',
      suberror: 'consent_required',
    },
    'AADSTS65001',
  ],
  [
    'MFA required by Conditional Access (AADSTS50076, basic_action, claims challenge)',
    {
      error: 'invalid_grant',
      code: 50076,
      description:
        'Due to a configuration change made by your administrator, you must use multi-factor authentication.',
      suberror: 'basic_action',
      claims: MFA_CLAIMS,
    },
    'AADSTS50076',
  ],
  [
    'MFA enrollment (AADSTS50079, interaction_required)',
    {
      error: 'interaction_required',
      code: 50079,
      description: 'Due to a configuration change, the user is required to use multi-factor authentication.',
    },
    'AADSTS50079',
  ],
  [
    'login_required',
    {
      error: 'login_required',
      code: 50058,
      description: 'A silent sign-in request was sent but no user is signed in.',
    },
    'AADSTS50058',
  ],
  [
    'refresh token expired by inactivity (AADSTS700082, suberror bad_token)',
    {
      error: 'invalid_grant',
      code: 700082,
      description: 'The refresh token has expired due to inactivity.',
      suberror: 'bad_token',
    },
    'AADSTS700082',
  ],
  [
    'sign-in frequency (AADSTS70043, plain invalid_grant: msal says ServerError)',
    {
      error: 'invalid_grant',
      code: 70043,
      description: 'The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.',
    },
    'AADSTS70043',
  ],
  [
    'grant revoked (AADSTS50173, plain invalid_grant)',
    { error: 'invalid_grant', code: 50173, description: 'The provided grant has expired due to it being revoked.' },
    'AADSTS50173',
  ],
  [
    'consent revoked in the error string only (consent_required)',
    { error: 'consent_required', code: 65004, description: 'User declined to consent to access the app.' },
    'AADSTS65004',
  ],
];

describe('interaction required', () => {
  it.each(CASES)('%s → InteractionRequiredError', async (_, aad, reason) => {
    const { error } = await refreshFailingWith(aadErrorBody(aad));
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect(error.code).toBe(ErrorCode.InteractionRequired);
    expect(error.status).toBe(401);
    expect(error.interaction.scopes).toEqual([FAKE_ENTRA.graphRead]);
    expect(error.interaction.reason).toBe(reason);
    // Codes only: never Entra's free text, the trace id, or a token.
    expect(error.message).not.toMatch(/Trace ID|rt\.|at\./);
  });

  it('carries Entra’s claims challenge (a JSON string) to the interactive request', async () => {
    const { error } = await refreshFailingWith(
      aadErrorBody({
        error: 'invalid_grant',
        code: 50076,
        description: 'MFA',
        suberror: 'basic_action',
        claims: MFA_CLAIMS,
      }),
    );
    expect(error.interaction.claims).toBe(MFA_CLAIMS);
  });

  it('is recognized in an error body sent with HTTP 200, as msal does', async () => {
    const { error } = await refreshFailingWith(
      aadErrorBody({ error: 'interaction_required', code: 50079, description: 'MFA' }),
      200,
    );
    expect(error).toBeInstanceOf(InteractionRequiredError);
  });

  it('no_tokens_found: a partition without a refresh token and an expired access token', async () => {
    const entra = new FakeEntra();
    entra.expiresIn = 200;
    server.use(...entra.handlers());
    const idp = provider();
    const { account, partition } = await signIn(idp, entra, makeUser(10));
    const cache = JSON.parse(aged(partition, 201)); // the access token expired a second ago
    cache.RefreshToken = {};
    const error = await idp.acquireTokenSilent(JSON.stringify(cache), account, silent()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect((error as InteractionRequiredError).interaction.reason).toBe('no_tokens_found');
  });

  // msal-node's serializer does not keep a refresh token's expires_on, so msal's client-side
  // refresh_token_expired cannot arise from a partition; the mapping is checked on the error itself.
  it.each(['refresh_token_expired', 'no_tokens_found', 'native_account_unavailable'])(
    'maps msal’s client-side %s to InteractionRequiredError',
    (code) => {
      const network = new CallNetwork({ fetch, timeoutMs: 1000 }, new DiscoveryCache(systemClock));
      const mapped = mapMsalError(new InteractionRequiredAuthError(code, ''), {
        operation: 'silent',
        network,
        scopes: [FAKE_ENTRA.graphRead],
      });
      expect(mapped).toBeInstanceOf(InteractionRequiredError);
      expect((mapped as InteractionRequiredError).interaction).toEqual({
        scopes: [FAKE_ENTRA.graphRead],
        reason: code,
      });
    },
  );

  it('keeps the request’s own claims when Entra sends no new challenge', async () => {
    const entra = new FakeEntra();
    server.use(...entra.handlers());
    const idp = provider();
    const { account, partition } = await signIn(idp, entra, makeUser(12));
    entra.override = () =>
      HttpResponse.json(aadErrorBody({ error: 'interaction_required', code: 50079, description: 'MFA' }), {
        status: 400,
        headers: TOKEN_HEADERS,
      });
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const error = await idp.acquireTokenSilent(partition, account, silent({ claims })).catch((e: unknown) => e);
    expect((error as InteractionRequiredError).interaction.claims).toBe(claims);
  });
});
