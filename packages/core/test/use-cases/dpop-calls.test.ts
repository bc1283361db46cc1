/// <reference types="node" />
import { FakeIdentityProvider } from '@identity-web/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/account.js';
import { downstreamApi } from '../../src/downstream-api.js';
import type { DpopProofRequest, SilentTokenRequest, TokenResult } from '../../src/ports/identity-provider-requests.js';
import { API, setup } from '../support/helpers.js';
import { serveOnLoopback } from '../support/loopback-server.js';
import { settles } from '../support/settles.js';

type Server = Awaited<ReturnType<typeof serveOnLoopback>>;
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/**
 * The fake IdP, its tokens DPoP-bound: each comes with a prover that records what it was asked
 * to prove and answers a readable stand-in for the proof JWT (the proof's cryptography is
 * `@identity-web/oidc`'s, tested there against a verifier; here it is the core's wiring).
 */
class DpopFake extends FakeIdentityProvider {
  readonly proofs: DpopProofRequest[] = [];
  /** Hand out DPoP tokens without a prover: a broken provider. */
  withoutProver = false;

  private bound(result: TokenResult): TokenResult {
    const proof = async (request: DpopProofRequest) => {
      this.proofs.push(request);
      return `proof:${request.method}:${request.url}:${request.nonce ?? '-'}:${request.accessToken}`;
    };
    return { ...result, tokenType: 'DPoP', ...(!this.withoutProver && { dpop: { proof } }) };
  }

  override async acquireTokenSilent(partition: string, account: Account, request: SilentTokenRequest) {
    return this.bound(await super.acquireTokenSilent(partition, account, request));
  }

  override async cachedToken(partition: string, account: Account, request: SilentTokenRequest) {
    const result = await super.cachedToken(partition, account, request);
    return result === null ? null : this.bound(result);
  }
}

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | null;
  readonly dpop: string | null;
}

/**
 * `fetch` as Next.js's is in a server component: it keeps a copy of every answer, so the body
 * handed on is one branch of a `tee()`, the other never read here.
 */
const teeingFetch = async (url: string, init: RequestInit): Promise<Response> => {
  const answer = await fetch(url, init);
  const [branch] = answer.body?.tee() ?? [null];
  return new Response(branch, answer);
};

/**
 * A signed-in account whose `orders` API is a real server on 127.0.0.1 answering with `answer`;
 * with `teeing`, reached through {@link teeingFetch}.
 */
async function world(
  answer: (seen: Seen, index: number) => Response = () => Response.json({ ok: true }),
  teeing = false,
) {
  const seen: Seen[] = [];
  const server = await serveOnLoopback(async (request) => {
    const entry = {
      method: request.method,
      url: request.url,
      authorization: request.headers.get('authorization'),
      dpop: request.headers.get('dpop'),
    };
    seen.push(entry);
    return answer(entry, seen.length - 1);
  });
  servers.push(server);
  const t = setup(
    {
      downstreamApis: { orders: downstreamApi({ baseUrl: `${server.origin}/v1`, scopes: [API] }) },
      ...(teeing && { fetch: teeingFetch }),
    },
    {},
    (clock) => new DpopFake(clock),
  );
  const { account } = await t.signIn('alice');
  return {
    ...t,
    seen,
    account,
    origin: server.origin,
    call: (path: string, init?: RequestInit) => t.identity.callApi(account, 'orders', path, init),
  };
}

function nonceChallenge(nonce: string): Response {
  return new Response(null, {
    status: 401,
    headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce", algs="ES256"', 'dpop-nonce': nonce },
  });
}

describe('callApi with a DPoP-bound token (RFC 9449)', () => {
  it('sends "Authorization: DPoP" and a proof of this request, never the Bearer scheme', async () => {
    const w = await world();
    const response = await w.call('/orders?page=2', { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    const [call] = w.seen;
    const token = call?.authorization?.replace(/^DPoP /, '') ?? '';
    expect(call?.authorization).toBe(`DPoP ${token}`);
    expect(token).not.toBe('');
    expect(call?.dpop).toBe(`proof:POST:${w.origin}/v1/orders?page=2:-:${token}`);
    expect(w.idp.proofs).toHaveLength(1);
  });

  it('makes a new proof for every request, the method of each', async () => {
    const w = await world();
    await w.call('/a');
    await w.call('/b', { method: 'DELETE' });
    expect(w.seen.map((s) => s.dpop?.split(':').slice(0, 2).join(':'))).toEqual(['proof:GET', 'proof:DELETE']);
    expect(w.idp.proofs.map((p) => p.url)).toEqual([`${w.origin}/v1/a`, `${w.origin}/v1/b`]);
  });

  it("answers the API's nonce challenge once with a new proof, the same token, and keeps the nonce", async () => {
    const w = await world((seen, i) => (i === 0 ? nonceChallenge('n-1') : Response.json({ proof: seen.dpop })));
    const response = await w.call('/orders', { method: 'POST', body: 'again' });
    expect(response.status).toBe(200);
    expect(w.seen).toHaveLength(2);
    expect(w.seen[1]?.authorization).toBe(w.seen[0]?.authorization);
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, 'n-1']);
    // The next request proves with the nonce from the start.
    await w.call('/orders');
    expect(w.idp.proofs.at(-1)?.nonce).toBe('n-1');
    expect(w.seen).toHaveLength(3);
  });

  it("answers the nonce challenge when its body is a tee branch nobody reads (Next.js's fetch), without waiting on it", async () => {
    const challenge = () =>
      Response.json(
        { error: 'use_dpop_nonce' },
        { status: 401, headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n-2' } },
      );
    const w = await world((_seen, i) => (i === 0 ? challenge() : Response.json({ ok: true })), true);
    expect((await settles(w.call('/orders'))).status).toBe(200);
    expect(w.seen).toHaveLength(2);
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, 'n-2']);
  });

  // The resource-server modules of the OpenID Foundation's FAPI 2.0 client test plan (docs/conformance.md).
  it('fapi2-security-profile-final-client-test-rs-dpop-auth-scheme-case-insensitivity: a "dPoP" nonce challenge is answered', async () => {
    const challenge = () =>
      new Response(null, {
        status: 401,
        headers: { 'www-authenticate': 'dPoP error="use_dpop_nonce"', 'dpop-nonce': 'n-9' },
      });
    const w = await world((_seen, i) => (i === 0 ? challenge() : Response.json({})));
    expect((await w.call('/accounts')).status).toBe(200);
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, 'n-9']);
  });

  it('fapi2-security-profile-final-client-test-happy-path-no-dpop-nonce: an API that asks for no nonce gets one request, its proof without one', async () => {
    const w = await world();
    expect((await w.call('/accounts')).status).toBe(200);
    expect(w.seen).toHaveLength(1);
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined]);
  });

  it('takes a nonce the API sends with a success too, for the next proof', async () => {
    const w = await world((_seen, i) => Response.json({}, { headers: { 'dpop-nonce': `n-${i}` } }));
    await w.call('/a');
    await w.call('/b');
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, 'n-0']);
  });

  it('does not loop on an API that keeps asking for the nonce it was sent', async () => {
    const w = await world(() => nonceChallenge('stuck'));
    const response = await w.call('/orders');
    expect(response.status).toBe(401);
    // Without the nonce, with it, then once with a fresh token (a plain 401's retry), and no more.
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, 'stuck', 'stuck']);
    expect(w.seen).toHaveLength(3);
  });

  it('never puts a nonce that is not RFC 9449 NQCHARs, or is too long, into a proof', async () => {
    for (const nonce of ['has space', 'quote"d', 'x'.repeat(513)]) {
      const w = await world((_seen, i) => (i === 0 ? nonceChallenge(nonce) : Response.json({})));
      // The challenge then reads as a plain 401: one retry with a fresh token, still without it.
      const response = await w.call('/orders');
      expect(response.status).toBe(200);
      expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, undefined]);
    }
  });

  it('does not resend a stream body for a nonce: the caller gets the challenge', async () => {
    const w = await world(() => nonceChallenge('n-1'));
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('once'));
        c.close();
      },
    });
    const response = await w.call('/upload', { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(401);
    expect(w.seen).toHaveLength(1);
  });

  it('reads insufficient_scope from the DPoP challenge (RFC 9449 §7.1): the user is asked', async () => {
    const w = await world(
      () =>
        new Response(null, {
          status: 403,
          headers: { 'www-authenticate': 'DPoP error="insufficient_scope", scope="api://downstream/write"' },
        }),
    );
    await expect(w.call('/orders')).rejects.toMatchObject({
      code: 'interaction_required',
      interaction: { scopes: expect.arrayContaining(['api://downstream/write']), reason: 'insufficient_scope' },
    });
  });

  it('gives app code the token type and a proof maker bound to the token', async () => {
    const w = await world();
    const token = await w.identity.acquireToken(w.account, { scopes: [API] });
    expect(token.tokenType).toBe('DPoP');
    const proof = await token.dpopProof?.('get', new URL('https://api.example/x?y=1'), { nonce: 'n' });
    expect(proof).toBe(`proof:get:https://api.example/x?y=1:n:${token.accessToken}`);
    // Served from the hot index, the token still proves.
    const again = await w.identity.acquireToken(w.account, { scopes: [API] });
    expect(again.dpopProof).toBeTypeOf('function');
  });

  it('refuses a DPoP token the provider gave no prover for: it is never sent, as Bearer or at all', async () => {
    const w = await world();
    w.idp.withoutProver = true;
    await expect(w.call('/orders')).rejects.toMatchObject({ code: 'idp_error', status: 502 });
    expect(w.seen).toHaveLength(0);
  });

  it('answers a nonce challenge a concurrent call already learnt the nonce of with a new proof, not a refresh', async () => {
    // The API rotates its nonce to "n-1". Call A gets 200 + DPoP-Nonce n-1 first; call B, proved
    // with the old (no) nonce, gets 401 use_dpop_nonce + DPoP-Nonce n-1 just after.
    let releaseA: () => void = () => {};
    const aHeld = new Promise<void>((resolve) => (releaseA = resolve));
    let count = 0;
    const server = await serveOnLoopback(async (request) => {
      const index = count++;
      const dpop = request.headers.get('dpop');
      if (dpop?.includes(':n-1:')) return Response.json({ ok: true });
      if (index === 0) {
        await aHeld;
        return Response.json({ ok: true }, { headers: { 'dpop-nonce': 'n-1' } });
      }
      releaseA();
      await new Promise((r) => setTimeout(r, 150));
      return nonceChallenge('n-1');
    });
    servers.push(server);
    const t = setup(
      { downstreamApis: { orders: downstreamApi({ baseUrl: `${server.origin}/v1`, scopes: [API] }) } },
      {},
      (clock) => new DpopFake(clock),
    );
    const session = await t.signIn('alice');
    const { account } = session;
    await t.identity.acquireToken(account, { scopes: [API] }); // warm: both calls share one token
    const refreshesBefore = t.idp.calls.refresh;
    const [a, b] = await Promise.all([
      t.identity.callApi(account, 'orders', '/a'),
      t.identity.callApi(account, 'orders', '/b'),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    // B's proof carried no nonce: the challenge's n-1 is new to it, whatever A stored meanwhile.
    expect(t.idp.calls.refresh - refreshesBefore).toBe(0);
  });
});

/** As `world`, the API a fetch stand-in: its answers' bodies may be `null`, as a Response's can be. */
async function stubWorld(answer: (index: number) => Response) {
  let count = 0;
  const t = setup(
    {
      downstreamApis: { orders: downstreamApi({ baseUrl: 'https://api.example/v1', scopes: [API] }) },
      fetch: async () => answer(count++),
    },
    {},
    (clock) => new DpopFake(clock),
  );
  const { account } = await t.signIn('alice');
  // The token in the hot index first, so a refresh counted below is the API's doing.
  await t.identity.acquireToken(account, { scopes: [API] });
  return { ...t, sent: () => count, call: (path: string) => t.identity.callApi(account, 'orders', path) };
}

const dpopChallenge = (error: string, nonce?: string) =>
  new Response(null, {
    status: 401,
    headers: { 'www-authenticate': `DPoP error="${error}"`, ...(nonce !== undefined && { 'dpop-nonce': nonce }) },
  });

describe('which answers of a DPoP API are nonce challenges', () => {
  it('a nonce with another error (invalid_token) is kept, but the token is refreshed: it was refused', async () => {
    const w = await stubWorld((i) => (i === 0 ? dpopChallenge('invalid_token', 'n-1') : Response.json({})));
    const refreshes = w.idp.calls.refresh;
    expect((await w.call('/a')).status).toBe(200);
    expect(w.idp.calls.refresh).toBe(refreshes + 1);
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, 'n-1']);
  });

  it('use_dpop_nonce on a 403 is no nonce challenge (RFC 9449 §9 answers with 401)', async () => {
    const w = await stubWorld(
      () =>
        new Response(null, {
          status: 403,
          headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n-1' },
        }),
    );
    expect((await w.call('/a')).status).toBe(403);
    expect(w.sent()).toBe(1);
  });

  it('use_dpop_nonce without a new nonce: the proof is not made again with the old one', async () => {
    const w = await stubWorld((i) =>
      i === 0 ? Response.json({}, { headers: { 'dpop-nonce': 'n-1' } }) : dpopChallenge('use_dpop_nonce'),
    );
    await w.call('/a');
    expect((await w.call('/b')).status).toBe(401);
    // With n-1, then once more after a refresh (a plain 401): never twice with the same proof input.
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, 'n-1', 'n-1']);
  });

  it('a 401 with a nonce and no challenge at all is a plain 401: refreshed, the nonce kept', async () => {
    const w = await stubWorld((i) =>
      i === 0 ? new Response(null, { status: 401, headers: { 'dpop-nonce': 'n-1' } }) : Response.json({}),
    );
    const refreshes = w.idp.calls.refresh;
    expect((await w.call('/a')).status).toBe(200);
    expect(w.idp.calls.refresh).toBe(refreshes + 1);
  });

  it('a nonce of 512 characters is used; the bound is 512', async () => {
    const nonce = 'n'.repeat(512);
    const w = await stubWorld((i) => (i === 0 ? dpopChallenge('use_dpop_nonce', nonce) : Response.json({})));
    expect((await w.call('/a')).status).toBe(200);
    expect(w.idp.proofs.map((p) => p.nonce)).toEqual([undefined, nonce]);
  });

  it('a Bearer token is never re-sent for a nonce: DPoP-Nonce means nothing to a Bearer call', async () => {
    let count = 0;
    const t = setup({
      downstreamApis: { orders: downstreamApi({ baseUrl: 'https://api.example/v1', scopes: [API] }) },
      fetch: async () => (count++ === 0 ? dpopChallenge('use_dpop_nonce', 'n-1') : Response.json({})),
    });
    const { account } = await t.signIn('alice');
    await t.identity.acquireToken(account, { scopes: [API] });
    const refreshes = t.idp.calls.refresh;
    expect((await t.identity.callApi(account, 'orders', '/a')).status).toBe(200);
    // Answered as any 401 to a Bearer token: once more with a fresh token.
    expect(t.idp.calls.refresh).toBe(refreshes + 1);
  });
});
