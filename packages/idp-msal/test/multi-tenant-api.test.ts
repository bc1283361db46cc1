// A multi-tenant API on Entra ID: the tenants it serves are named (or 'any', by choice), v1.0 and
// v2.0 tokens of each are taken, on-behalf-of tokens are kept per tenant and user, and a logout
// or security event about one tenant's user removes only that user's tokens.
import type { HttpRequest } from '@identity-web/core/adapter';
import { createIdentityWebApi, type IdentityWebApiOptions } from '@identity-web/core/api';
import { FakeSecurityEventTransmitter } from '@identity-web/core/testing';
import { FAKE_ENTRA, FakeEntra } from '@identity-web/msal/testing';
import { describe, expect, it } from 'vitest';
import { API_ID, accessTokenClaims, bearer } from './support/entra-api.js';
import { provider, useMsw } from './support/harness.js';

const server = useMsw();
const TENANT_A = 'aaaa1111-2222-3333-4444-555555555555';
const TENANT_B = 'bbbb1111-2222-3333-4444-555555555555';
const TENANT_C = 'cccc1111-2222-3333-4444-555555555555';
const SECRET = 'a-secret-of-at-least-32-characters-for-obo';
/** The issuer a multi-tenant API files a tenant's users under: the tenant's v2.0 one. */
const issuerOf = (tid: string) => `${FAKE_ENTRA.login}/${tid}/v2.0`;

function setup(tenants: readonly string[] | 'any' = [TENANT_A, TENANT_B], extra: Partial<IdentityWebApiOptions> = {}) {
  const entra = new FakeEntra();
  server.use(...entra.handlers());
  const api = createIdentityWebApi({
    identityProvider: provider({ tenant: 'organizations', tenants }),
    audience: API_ID,
    baseUrl: 'https://orders.test',
    secret: SECRET,
    ...extra,
  });
  return { entra, api, check: api.guard({ scopes: ['orders.read'] }) };
}

/** An access token of `user` in `tid`, as Entra issues it (v1.0 or v2.0). */
function claims(version: '1.0' | '2.0', tid: string, user = 'user-1'): Record<string, unknown> {
  const ids = { sub: `${user}-sub`, oid: `${user}-oid`, sid: `${user}-${tid}-sid`, uti: `${user}-${tid}-${version}` };
  return accessTokenClaims(version, tid, ids);
}

async function caller(check: ReturnType<typeof setup>['check'], token: string) {
  const verdict = await check(bearer(token));
  if (verdict.caller === null) throw new Error(`refused: ${verdict.answer.headers['www-authenticate']}`);
  return verdict.caller;
}

describe('a multi-tenant API on Entra ID', () => {
  it('must say which tenants it serves: a list, or "any" by choice', () => {
    expect(() =>
      createIdentityWebApi({
        identityProvider: provider({ tenant: 'organizations' }),
        audience: API_ID,
        baseUrl: 'https://orders.test',
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_option', option: 'tenants' }));
    expect(() => provider({ tenants: [TENANT_A] })).toThrow(/"tenants" is for multi-tenant authorities/);
    expect(() => provider({ tenant: 'organizations', tenants: ['contoso'] })).toThrow(/tenant ids/);
    expect(() => setup('any')).not.toThrow();
  });

  it("takes v1.0 and v2.0 tokens of its tenants, filed under the tenant's v2.0 issuer, and no other tenant's", async () => {
    const { entra, check } = setup();
    for (const tid of [TENANT_A, TENANT_B]) {
      for (const version of ['1.0', '2.0'] as const) {
        const who = await caller(check, await entra.keys.sign(claims(version, tid)));
        expect(who).toMatchObject({ issuer: issuerOf(tid), subject: 'user-1-sub', claims: { tid } });
      }
    }
    for (const version of ['1.0', '2.0'] as const) {
      const verdict = await check(bearer(await entra.keys.sign(claims(version, TENANT_C))));
      expect(verdict.caller).toBeNull();
    }
    const any = setup('any');
    expect(await caller(any.check, await any.entra.keys.sign(claims('2.0', TENANT_C)))).toHaveProperty(
      'issuer',
      issuerOf(TENANT_C),
    );
  });

  it("exchanges at the caller's own tenant, and never serves tenant A's cached token to tenant B's caller", async () => {
    const { entra, api, check } = setup();
    const inA = await caller(check, await entra.keys.sign(claims('2.0', TENANT_A)));
    const inB = await caller(check, await entra.keys.sign(claims('2.0', TENANT_B))); // same sub, other tenant
    const scopes = ['api://billing/invoices.read'];
    const first = await api.acquireTokenOnBehalfOf(inA, { scopes });
    expect(await api.acquireTokenOnBehalfOf(inA, { scopes })).toMatchObject({ accessToken: first.accessToken });
    const other = await api.acquireTokenOnBehalfOf(inB, { scopes });
    expect(other.accessToken).not.toBe(first.accessToken);
    expect(entra.tokenRequests.map((r) => r.url.pathname.split('/')[1])).toEqual([TENANT_A, TENANT_B]);
  });

  it("a logout of tenant A's user removes only theirs, and ends their session's tokens", async () => {
    const { entra, api, check } = setup();
    const tokenA = await entra.keys.sign(claims('1.0', TENANT_A));
    const tokenB = await entra.keys.sign(claims('2.0', TENANT_B));
    const scopes = ['api://billing/invoices.read'];
    const inA = await caller(check, tokenA);
    const inB = await caller(check, tokenB);
    const oboA = await api.acquireTokenOnBehalfOf(inA, { scopes });
    const oboB = await api.acquireTokenOnBehalfOf(inB, { scopes });
    // The logout token names tenant A's v2.0 issuer and the session the access token carried.
    const logout = await entra.keys.logoutToken(
      { sub: 'user-1-sub', sid: `user-1-${TENANT_A}-sid`, tid: TENANT_A } as never,
      { claims: { aud: FAKE_ENTRA.clientId } },
    );
    const answer = await api.backChannelLogout({
      method: 'POST',
      url: new URL('https://orders.test/back-channel-logout'),
      header: (name: string) => (name === 'content-type' ? 'application/x-www-form-urlencoded' : undefined),
      cookie: () => undefined,
      readText: async () => `logout_token=${logout}`,
    } as HttpRequest);
    expect(answer.status).toBe(200);
    // Tenant A's session ended: its token is refused, and its on-behalf-of token is had anew.
    expect((await check(bearer(tokenA))).caller).toBeNull();
    // Tenant B's user is untouched: their cached token still serves.
    expect(await api.acquireTokenOnBehalfOf(inB, { scopes })).toMatchObject({ accessToken: oboB.accessToken });
    const again = await api.acquireTokenOnBehalfOf(inA, { scopes });
    expect(again.accessToken).not.toBe(oboA.accessToken);
  });

  it("a CAEP event about tenant A's user, named by its tenant's issuer, removes only theirs", async () => {
    const transmitter = new FakeSecurityEventTransmitter({ now: () => Date.now() }, FAKE_ENTRA.clientId);
    const { entra, api, check } = setup([TENANT_A, TENANT_B], { sharedSignals: { transmitter } });
    const tokenA = await entra.keys.sign(claims('2.0', TENANT_A));
    const tokenB = await entra.keys.sign(claims('1.0', TENANT_B));
    const scopes = ['api://billing/invoices.read'];
    const oboA = await api.acquireTokenOnBehalfOf(await caller(check, tokenA), { scopes });
    const oboB = await api.acquireTokenOnBehalfOf(await caller(check, tokenB), { scopes });
    const { set } = await transmitter.set(SESSION_REVOKED, {
      format: 'iss_sub',
      iss: issuerOf(TENANT_A),
      sub: 'user-1-sub',
    });
    expect((await push(api, set)).status).toBe(202);
    expect((await check(bearer(tokenA))).caller).toBeNull();
    const inB = await caller(check, tokenB);
    expect(await api.acquireTokenOnBehalfOf(inB, { scopes })).toMatchObject({ accessToken: oboB.accessToken });
    const fresh = await entra.keys.sign({ ...claims('2.0', TENANT_A), iat: Math.floor(Date.now() / 1000) + 1 });
    const again = await api.acquireTokenOnBehalfOf(await caller(check, fresh), { scopes });
    expect(again.accessToken).not.toBe(oboA.accessToken);
  });

  it.each([
    ['only the session', () => ({ format: 'opaque', id: 'user-1-aaaa1111-2222-3333-4444-555555555555-sid' })],
    [
      "the user at the transmitter's own issuer",
      (issuer: string) => ({ format: 'iss_sub', iss: issuer, sub: 'user-1-sub' }),
    ],
  ])("a CAEP event naming %s (no tenant) ends the session of a tenant's user", async (_name, subject) => {
    const transmitter = new FakeSecurityEventTransmitter({ now: () => Date.now() }, FAKE_ENTRA.clientId);
    const { entra, api, check } = setup([TENANT_A, TENANT_B], { sharedSignals: { transmitter } });
    const token = await entra.keys.sign(claims('2.0', TENANT_A));
    await caller(check, token);
    const { set } = await transmitter.set(SESSION_REVOKED, subject(transmitter.issuer));
    expect((await push(api, set)).status).toBe(202);
    expect((await check(bearer(token))).caller).toBeNull();
  });
});

const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';

/** A Security Event Token pushed to the API's receiver (RFC 8935). */
function push(api: ReturnType<typeof setup>['api'], set: string) {
  return api.securityEvents()({
    method: 'POST',
    url: new URL('https://orders.test/security-events'),
    header: (name: string) => (name === 'content-type' ? 'application/secevent+jwt' : undefined),
    cookie: () => undefined,
    readText: async () => set,
  } as HttpRequest);
}
