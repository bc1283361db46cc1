// An API protected with Entra ID's access tokens: v2.0 and v1.0 shapes, the tenant's issuers.

import { createIdentityWebApi } from '@identity-web/core/api';
import { FAKE_ENTRA, FakeEntra } from '@identity-web/msal/testing';
import { describe, expect, it } from 'vitest';
import { API_ID, accessTokenClaims, bearer } from './support/entra-api.js';
import { provider, useMsw } from './support/harness.js';

const server = useMsw();
const OTHER_TENANT = '99998888-0000-cccc-1111-dddd2222eeee';

function setup(tenant: string = FAKE_ENTRA.tenantId) {
  const entra = new FakeEntra();
  server.use(...entra.handlers());
  const api = createIdentityWebApi({
    identityProvider: provider({ tenant, ...(tenant === FAKE_ENTRA.tenantId ? {} : { tenants: 'any' as const }) }),
    audience: API_ID,
    baseUrl: 'https://orders.test',
  });
  return { entra, check: api.guard({ scopes: ['orders.read'] }) };
}

const claims = (version: '1.0' | '2.0', tid: string = FAKE_ENTRA.tenantId) => accessTokenClaims(version, tid);

async function answer(check: ReturnType<typeof setup>['check'], token: string) {
  const verdict = await check(bearer(token));
  return verdict.caller === null
    ? { status: verdict.answer.status, challenge: verdict.answer.headers['www-authenticate'] }
    : { status: 200, caller: verdict.caller };
}

describe('Entra ID access tokens at an API', () => {
  it('accepts a v2.0 token (azp) and a v1.0 token (appid) of the tenant, with their scopes', async () => {
    const { entra, check } = setup();
    const v2 = await answer(check, await entra.keys.sign(claims('2.0')));
    expect(v2).toMatchObject({
      status: 200,
      caller: { clientId: FAKE_ENTRA.clientId, scopes: ['orders.read'], tokenId: 'x4FzHqW0aU2xMBf4hnQwAA' },
    });
    const v1 = await answer(check, await entra.keys.sign(claims('1.0')));
    expect(v1).toMatchObject({
      status: 200,
      // Filed under the tenant's v2.0 issuer, which its sign-outs name; the token's own in claims.
      caller: {
        clientId: FAKE_ENTRA.clientId,
        issuer: `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/v2.0`,
        claims: { iss: `https://sts.windows.net/${FAKE_ENTRA.tenantId}/` },
      },
    });
  });

  it('refuses a token of another tenant, or whose tid is not its issuer’s tenant', async () => {
    const { entra, check } = setup();
    expect((await answer(check, await entra.keys.sign(claims('2.0', OTHER_TENANT)))).status).toBe(401);
    expect((await answer(check, await entra.keys.sign({ ...claims('1.0'), tid: OTHER_TENANT }))).status).toBe(401);
  });

  it('with a multi-tenant authority, accepts each tenant’s token whose issuer names its own tid, and no other', async () => {
    const { entra, check } = setup('organizations');
    expect((await answer(check, await entra.keys.sign(claims('2.0', OTHER_TENANT)))).status).toBe(200);
    expect((await answer(check, await entra.keys.sign(claims('1.0', OTHER_TENANT)))).status).toBe(200);
    const mismatched = { ...claims('2.0', OTHER_TENANT), tid: FAKE_ENTRA.tenantId };
    expect(await answer(check, await entra.keys.sign(mismatched))).toMatchObject({ status: 401 });
  });

  it('refuses an ID token, a token for another API, and one without the scope', async () => {
    const { entra, check } = setup();
    const { scp: _scp, ...noScope } = claims('2.0');
    expect(
      (await answer(check, await entra.keys.sign({ ...claims('2.0'), aud: FAKE_ENTRA.clientId }))).challenge,
    ).toMatch(/aud does not name this API/);
    expect((await answer(check, await entra.keys.sign({ ...claims('2.0'), azp: undefined }))).challenge).toMatch(
      /azp and uti/,
    );
    expect((await answer(check, await entra.keys.sign(noScope))).status).toBe(403);
  });
});
