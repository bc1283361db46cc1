// Entra's on-behalf-of flow for an API calling further APIs on behalf of its caller.
import { FakeEntra } from '@identity-web/msal/testing';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { aadErrorBody, TOKEN_HEADERS } from '../src/testing/entra-shapes.js';
import { ON_BEHALF_OF_MAX_TOKENS } from '../src/tokens/acquire-on-behalf-of.js';
import { entities, provider, silent, useMsw } from './support/harness.js';

const server = useMsw();
const SCOPES = ['api://billing/invoices.read'];
const RECEIVED = 'eyJ0eXAiOiJKV1QifQ.received.sig';

function setup() {
  const entra = new FakeEntra();
  server.use(...entra.handlers());
  return { entra, idp: provider() };
}

describe('acquireTokenOnBehalfOf (Entra on-behalf-of)', () => {
  it('sends the received token as the assertion of a jwt-bearer grant, with the client credential', async () => {
    const { entra, idp } = setup();
    const result = await idp.acquireTokenOnBehalfOf(null, RECEIVED, silent({ scopes: SCOPES }));
    const body = entra.tokenRequests[0]?.body;
    expect(body?.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(body?.get('requested_token_use')).toBe('on_behalf_of');
    expect(body?.get('assertion')).toBe(RECEIVED);
    expect(body?.get('client_secret')).not.toBeNull();
    expect(result.accessToken).toMatch(/^at\.obo\./);
    expect(entities(result.partition ?? '{}').AccessToken).toHaveLength(1);
  });

  it('serves msal’s cache per received token; another received token makes another grant', async () => {
    const { entra, idp } = setup();
    const first = await idp.acquireTokenOnBehalfOf(null, RECEIVED, silent({ scopes: SCOPES }));
    const cached = await idp.acquireTokenOnBehalfOf(first.partition, RECEIVED, silent({ scopes: SCOPES }));
    expect(cached).toMatchObject({ accessToken: first.accessToken, partition: null });
    expect(entra.tokenRequests).toHaveLength(1);
    const other = await idp.acquireTokenOnBehalfOf(first.partition, `${RECEIVED}2`, silent({ scopes: SCOPES }));
    expect(other.accessToken).not.toBe(first.accessToken);
    expect(entra.tokenRequests).toHaveLength(2);
    const forced = await idp.acquireTokenOnBehalfOf(
      other.partition,
      RECEIVED,
      silent({ scopes: SCOPES, forceRefresh: true }),
    );
    expect(forced.accessToken).not.toBe(first.accessToken);
  });

  it('keeps one token per scope set, the latest received token’s (msal’s cache key), and at most the bound', async () => {
    const { idp } = setup();
    let partition: string | null = null;
    for (let i = 0; i < 3; i++) {
      partition = (await idp.acquireTokenOnBehalfOf(partition, `${RECEIVED}${i}`, silent({ scopes: SCOPES })))
        .partition;
    }
    expect(entities(partition ?? '{}').AccessToken).toHaveLength(1);
    for (let i = 0; i <= ON_BEHALF_OF_MAX_TOKENS; i++) {
      const scopes = [`api://billing/scope-${i}`];
      partition = (await idp.acquireTokenOnBehalfOf(partition, RECEIVED, silent({ scopes }))).partition;
    }
    expect(entities(partition ?? '{}').AccessToken).toHaveLength(ON_BEHALF_OF_MAX_TOKENS);
  });

  it('drops expired tokens before a grant', async () => {
    const { idp } = setup();
    const first = await idp.acquireTokenOnBehalfOf(null, RECEIVED, silent({ scopes: ['api://mail/send'] }));
    const expired = JSON.parse(first.partition ?? '{}');
    for (const token of Object.values(expired.AccessToken) as { expires_on: string }[]) token.expires_on = '1';
    const next = await idp.acquireTokenOnBehalfOf(JSON.stringify(expired), RECEIVED, silent({ scopes: SCOPES }));
    expect(entities(next.partition ?? '{}').AccessToken?.map((t) => (t as { target?: string }).target)).toEqual([
      SCOPES[0],
    ]);
  });

  it('turns a conditional-access refusal into an interaction carrying the claims challenge', async () => {
    const { entra, idp } = setup();
    const claims = '{"access_token":{"polids":{"essential":true,"values":["p1"]}}}';
    entra.override = () =>
      HttpResponse.json(
        aadErrorBody({
          error: 'invalid_grant',
          code: 50076,
          description:
            'Due to a configuration change made by your administrator, you must use multi-factor authentication.',
          suberror: 'basic_action',
          claims,
        }),
        { status: 400, headers: TOKEN_HEADERS },
      );
    await expect(idp.acquireTokenOnBehalfOf(null, RECEIVED, silent({ scopes: SCOPES }))).rejects.toMatchObject({
      code: 'interaction_required',
      interaction: { claims, scopes: SCOPES },
    });
  });
});
