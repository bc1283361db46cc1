import { FakeIdentityProvider } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/account.js';
import { downstreamApi } from '../../src/downstream-api.js';
import type { SilentTokenRequest } from '../../src/ports/identity-provider-requests.js';
import { decodeClaims } from '../../src/use-cases/api-challenge.js';
import { API, setup } from '../support/helpers.js';
import { settles } from '../support/settles.js';

const CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

/** The fake IdP; it answers a claims request silently (as if the user had met them) and records each request. */
class RecordingFake extends FakeIdentityProvider {
  readonly requests: SilentTokenRequest[] = [];

  override async acquireTokenSilent(partition: string, account: Account, request: SilentTokenRequest) {
    this.requests.push(request);
    const { claims: _claims, ...rest } = request;
    return super.acquireTokenSilent(partition, account, rest.forceRefresh ? rest : { ...rest, forceRefresh: true });
  }
}

interface Sent {
  readonly url: string;
  readonly init: RequestInit;
  readonly authorization: string | null;
}

/** A signed-in account whose `orders` API is `answer` (a fetch stand-in: bodies may be `null`, as in any Response). */
async function world(answer: (index: number, sent: Sent) => Response) {
  const sent: Sent[] = [];
  const t = setup(
    {
      downstreamApis: { orders: downstreamApi({ baseUrl: 'https://api.example/v1', scopes: [API] }) },
      fetch: async (url, init) => {
        const entry = { url, init, authorization: new Headers(init.headers).get('authorization') };
        sent.push(entry);
        return answer(sent.length - 1, entry);
      },
    },
    {},
    (clock) => new RecordingFake(clock),
  );
  const { account } = await t.signIn('alice');
  return {
    ...t,
    sent,
    account,
    call: (path: string, init?: RequestInit) => t.identity.callApi(account, 'orders', path, init),
  };
}

const challenge = (status: number, header: string) =>
  new Response(null, { status, headers: { 'www-authenticate': header } });

describe("callApi reads the API's challenges (RFC 6750 §3, claims challenges)", () => {
  it('a claims challenge: once more with a token asked with those claims; the second answer as it is', async () => {
    const w = await world((i) =>
      i === 0 ? challenge(401, `Bearer error="insufficient_claims", claims="${btoa(CLAIMS)}"`) : Response.json({}),
    );
    const response = await w.call('/a');
    expect(response.status).toBe(200);
    expect(w.idp.requests.at(-1)).toMatchObject({ claims: CLAIMS, forceRefresh: false });
    expect(w.sent).toHaveLength(2);
  });

  it('a claims challenge again with the claimed token: the user is asked, with the claims', async () => {
    const w = await world(() => challenge(401, `Bearer error="insufficient_claims", claims="${btoa(CLAIMS)}"`));
    const error = await w.call('/a').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'interaction_required',
      message: 'the API asks for more claims',
      interaction: { scopes: [API], claims: CLAIMS, reason: 'insufficient_claims' },
    });
    expect(w.sent).toHaveLength(2);
  });

  it('a claims challenge, then a plain 401: that answer is returned, nobody is asked', async () => {
    const w = await world((i) =>
      challenge(401, i === 0 ? `Bearer error="insufficient_claims", claims="${btoa(CLAIMS)}"` : 'Bearer'),
    );
    expect((await w.call('/a')).status).toBe(401);
  });

  it("insufficient_scope: the user is asked for the API's scopes and the ones the challenge names", async () => {
    const w = await world(() => challenge(403, 'Bearer error="insufficient_scope", scope="api://b  api://c"'));
    await expect(w.call('/a')).rejects.toMatchObject({
      message: 'the API asks for more scopes',
      interaction: { scopes: ['api://b', 'api://c', API], reason: 'insufficient_scope' },
    });
    expect(w.sent).toHaveLength(1);
  });

  it("insufficient_scope naming no scope: the user is asked for the API's scopes alone", async () => {
    const w = await world(() => challenge(403, 'Bearer error="insufficient_scope"'));
    await expect(w.call('/a')).rejects.toMatchObject({ interaction: { scopes: [API] } });
  });

  it('insufficient_scope is read as such even when the challenge also carries claims', async () => {
    const w = await world(() => challenge(403, `Bearer error="insufficient_scope", claims="${btoa(CLAIMS)}"`));
    await expect(w.call('/a')).rejects.toMatchObject({ interaction: { reason: 'insufficient_scope' } });
    expect(w.sent).toHaveLength(1);
  });

  it('insufficient_user_authentication: the user is asked to step up, with the acr_values and max_age named (RFC 9470 §3)', async () => {
    const w = await world(() =>
      challenge(401, 'Bearer error="insufficient_user_authentication", acr_values="urn:mfa phr", max_age=300'),
    );
    await expect(w.call('/a')).rejects.toMatchObject({
      message: 'the API asks for a stronger or more recent sign-in',
      interaction: {
        scopes: [API],
        acrValues: ['urn:mfa', 'phr'],
        maxAge: 300,
        reason: 'insufficient_user_authentication',
      },
    });
    expect(w.sent).toHaveLength(1);
    const acrOnly = await world(() =>
      challenge(401, 'Bearer error="insufficient_user_authentication", acr_values="mfa"'),
    );
    const error = await acrOnly.call('/a').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ interaction: { acrValues: ['mfa'] } });
    expect((error as { interaction: object }).interaction).not.toHaveProperty('maxAge');
    const maxAgeOnly = await world(() => challenge(401, 'Bearer error="insufficient_user_authentication", max_age=60'));
    const again = await maxAgeOnly.call('/a').catch((caught: unknown) => caught);
    expect(again).toMatchObject({ interaction: { maxAge: 60 } });
    expect((again as { interaction: object }).interaction).not.toHaveProperty('acrValues');
  });

  it('insufficient_user_authentication naming nothing the sign-in could ask for: a 401 like any other', async () => {
    for (const params of ['', ', max_age=-1', ', max_age=soon', `, acr_values="${'a '.repeat(11)}"`]) {
      const w = await world((i) =>
        i === 0 ? challenge(401, `Bearer error="insufficient_user_authentication"${params}`) : Response.json({}),
      );
      expect((await w.call('/a')).status).toBe(200);
      expect(w.sent).toHaveLength(2);
    }
  });

  it('a plain 401, then a claims challenge: that answer is returned, nobody is asked', async () => {
    const w = await world((i) =>
      challenge(401, i === 0 ? 'Bearer' : `Bearer error="insufficient_claims", claims="${btoa(CLAIMS)}"`),
    );
    expect((await w.call('/a')).status).toBe(401);
    expect(w.sent).toHaveLength(2);
  });

  it('a challenge on an answer that is neither 401 nor 403 is not read', async () => {
    const w = await world(() => challenge(500, 'Bearer error="insufficient_scope", scope="api://b"'));
    expect((await w.call('/a')).status).toBe(500);
    expect(w.sent).toHaveLength(1);
  });

  it('a plain 401: once more with a token fresh from the IdP', async () => {
    const w = await world((i) => (i === 0 ? challenge(401, 'Bearer error="invalid_token"') : Response.json({})));
    expect((await w.call('/a')).status).toBe(200);
    expect(w.idp.requests.at(-1)).toMatchObject({ forceRefresh: true });
    expect(w.sent[1]?.authorization).not.toBe(w.sent[0]?.authorization);
  });

  it('a 403 without a challenge, or any other status, is returned as it is, never retried', async () => {
    for (const status of [403, 404, 500]) {
      const w = await world(() => new Response(null, { status }));
      expect((await w.call('/a')).status).toBe(status);
      expect(w.sent).toHaveLength(1);
    }
  });

  it("a challenge of another scheme than the token's is not read: a 401 is only retried", async () => {
    const w = await world(() => challenge(401, 'DPoP error="insufficient_claims", claims="e30"'));
    expect((await w.call('/a')).status).toBe(401);
    expect(w.idp.requests.some((r) => r.claims !== undefined)).toBe(false);
  });

  it('never follows a redirect: "manual", or the caller\'s "error"', async () => {
    const w = await world(() => Response.json({}));
    await w.call('/a');
    await w.call('/b', { redirect: 'error' });
    await w.call('/c', { redirect: 'follow' });
    expect(w.sent.map((s) => s.init.redirect)).toEqual(['manual', 'error', 'manual']);
  });

  it('names an unknown API in its error', async () => {
    const w = await world(() => Response.json({}));
    await expect(w.identity.callApi(w.account, 'nope', '/')).rejects.toMatchObject({
      message: expect.stringContaining('callApi: no downstream API named "nope" (downstreamApis names "orders")'),
    });
  });

  it('names every configured API when the name is none of them', async () => {
    const api = (baseUrl: string) => downstreamApi({ baseUrl, scopes: [API] });
    const t = setup({
      downstreamApis: { orders: api('https://orders.example'), billing: api('https://billing.example') },
    });
    const { account } = await t.signIn('alice');
    await expect(t.identity.callApi(account, 'nope', '/')).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('(downstreamApis names "orders", "billing")'),
    });
  });

  it('without downstreamApis, says that the option names none and what to add', async () => {
    const t = setup();
    const { account } = await t.signIn('alice');
    const expected = {
      code: 'invalid_argument',
      message: expect.stringContaining(
        'callApi: no downstream API named "orders" (the downstreamApis option names none: add "orders": downstreamApi({ baseUrl, scopes }))',
      ),
    };
    await expect(t.identity.callApi(account, 'orders', '/')).rejects.toMatchObject(expected);
  });
});

/**
 * An answer whose body is one branch of a `tee()`, the other kept unread: what Next.js's `fetch`
 * in a server component returns (it keeps a copy of every answer). Cancelling one branch settles
 * only when the other is cancelled too, so a call that waited for its cancel would hang.
 */
function teed(status: number, header: string, body = '{"error":"challenge"}'): Response {
  const [branch, _kept] = new Response(body).body!.tee();
  return new Response(branch, { status, headers: { 'www-authenticate': header } });
}

describe("callApi leaves a challenge's body unread without waiting for it (a tee branch, as Next.js's fetch returns)", () => {
  it('insufficient_scope: the user is asked at once', async () => {
    const w = await world(() => teed(403, 'Bearer error="insufficient_scope", scope="api://orders/write"'));
    await expect(settles(w.call('/a'))).rejects.toMatchObject({ code: 'interaction_required' });
  });

  it('a step-up challenge: the user is asked at once', async () => {
    const w = await world(() => teed(401, 'Bearer error="insufficient_user_authentication", acr_values="mfa"'));
    await expect(settles(w.call('/a'))).rejects.toMatchObject({ code: 'interaction_required' });
  });

  it('a plain 401: once more with a fresh token, and that answer returned', async () => {
    const w = await world((i) => (i === 0 ? teed(401, 'Bearer') : Response.json({ ok: true })));
    expect((await settles(w.call('/a'))).status).toBe(200);
    expect(w.sent).toHaveLength(2);
  });

  it('a claims challenge twice: the user is asked at once', async () => {
    const w = await world(() => teed(401, `Bearer error="insufficient_claims", claims="${btoa(CLAIMS)}"`));
    await expect(settles(w.call('/a'))).rejects.toMatchObject({ code: 'interaction_required' });
    expect(w.sent).toHaveLength(2);
  });
});

describe('the claims of a challenge', () => {
  it('reads base64 and base64url, with or without padding', () => {
    const json = '{"x":"<<??>>~~"}';
    const standard = btoa(json);
    expect(standard).toMatch(/\+/);
    expect(standard).toMatch(/\//);
    expect(decodeClaims(standard)).toBe(json);
    expect(decodeClaims(standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))).toBe(json);
  });

  it('refuses what is no JSON object: nothing, an array, null, a number, broken JSON', () => {
    for (const value of [undefined, btoa('[]'), btoa('null'), btoa('7'), btoa('{"a":')]) {
      expect(decodeClaims(value)).toBeNull();
    }
  });

  it('takes 2048 bytes of claims, not one more', () => {
    const at = (size: number) => `{"a":"${'x'.repeat(size - 8)}"}`;
    expect(at(2048)).toHaveLength(2048);
    expect(decodeClaims(btoa(at(2048)))).toBe(at(2048));
    expect(decodeClaims(btoa(at(2049)))).toBeNull();
  });
});
