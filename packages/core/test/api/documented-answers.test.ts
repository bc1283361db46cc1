// docs/web-apis.md's tables of answers, checked against what the API answers: each row's status,
// challenge parts and body are read from the doc and must be what a request of that row gets.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentityWebApi, type IdentityWebApi } from '../../src/api.js';
import type { HttpRequest } from '../../src/http/types.js';
import { API_AUDIENCE, ApiTokenIssuer, proofKey } from '../../src/testing/api-token-issuer.js';

const DOC = readFileSync(fileURLToPath(new URL('../../../../docs/web-apis.md', import.meta.url)), 'utf8');

/** The table row of the doc whose first cell starts with `first`: its other cells. */
function row(first: string): string {
  const line = DOC.split('\n').find((l) => l.startsWith(`| ${first}`));
  if (line === undefined) throw new Error(`docs/web-apis.md has no row starting "| ${first}"`);
  return line.split(' | ').slice(1).join(' | ');
}

/** Each backquoted text of a doc cell. */
const quoted = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
/** JSON as the doc writes it (`{ "error": "forbidden" }`) and as the API sends it, compared alike. */
const json = (text: string) => JSON.stringify(JSON.parse(text));

let issuer: ApiTokenIssuer;
let api: IdentityWebApi;

beforeAll(async () => {
  issuer = await ApiTokenIssuer.create(() => Date.now());
  api = createIdentityWebApi({
    identityProvider: issuer.provider,
    audience: API_AUDIENCE,
    baseUrl: 'https://api.test',
  });
});

function request(headers: Record<string, string> = {}): HttpRequest {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    method: 'GET',
    url: new URL('https://api.test/orders'),
    header: (name) => lower.get(name.toLowerCase()),
    cookie: () => undefined,
    readText: () => Promise.reject(new Error('no body')),
  };
}

async function answer(headers: Record<string, string>, requirement = {}, on = api) {
  const verdict = await on.guard(requirement)(request(headers));
  if (verdict.caller !== null) throw new Error('the request was let on');
  const { status, headers: sent, body } = verdict.answer;
  return { status, challenge: sent['www-authenticate'] ?? '', body: body ?? '', headers: sent };
}

describe('the answers docs/web-apis.md shows', () => {
  it('no Authorization header: the status, the challenge as written, and the body', async () => {
    const cell = row('no `Authorization` header');
    const got = await answer({});
    expect(cell).toContain(`${got.status} `);
    expect(quoted(cell)).toContain(`WWW-Authenticate: ${got.challenge}`);
    expect(quoted(cell).map((q) => (q.startsWith('{') ? json(q) : q))).toContain(got.body);
    // With `realm`, each challenge carries it, as the row says.
    const withRealm = createIdentityWebApi({
      identityProvider: issuer.provider,
      audience: API_AUDIENCE,
      baseUrl: 'https://api.test',
      realm: 'orders',
    });
    const realm = await answer({}, {}, withRealm);
    expect(cell).toContain('realm="…"');
    expect(realm.challenge).toBe('Bearer realm="orders", DPoP realm="orders", algs="ES256 PS256 EdDSA RS256"');
  });

  it('credentials of another scheme: the same bare challenges', async () => {
    const cell = row('credentials of another scheme');
    const got = await answer({ authorization: 'Basic dXNlcjpwYXNz' });
    expect(cell).toContain(`${got.status} `);
    expect(got.challenge).toBe((await answer({})).challenge);
  });

  it.each([
    ['a malformed `Bearer` or `DPoP` header', { authorization: 'Bearer two words' }],
    ['a token that fails a check above', { authorization: 'Bearer a.b.c' }],
  ])('%s: the status and the error in the challenge', async (first, headers) => {
    const cell = row(first);
    const got = await answer(headers);
    expect(cell).toContain(`${got.status}, `);
    const error = /error="([^"]+)"/.exec(cell)?.[1];
    expect(got.challenge).toContain(`error="${error}"`);
    expect(JSON.parse(got.body)).toMatchObject({ error });
  });

  it('a DPoP proof that fails its checks: 401 invalid_dpop_proof', async () => {
    const cell = row('a DPoP proof that fails');
    const key = await proofKey();
    const token = await issuer.token({ cnf: { jkt: key.jkt } });
    const proof = await issuer.proof(key, token, 'https://api.test/elsewhere');
    const got = await answer({ authorization: `DPoP ${token}`, dpop: proof });
    expect(cell).toContain(`${got.status}, `);
    expect(got.challenge).toContain(/error="([^"]+)"/.exec(cell)?.[0]);
  });

  it("the provider's keys cannot be fetched: 503 with Retry-After, no challenge", async () => {
    const cell = row("the provider's keys cannot be fetched");
    issuer.down = true;
    try {
      const got = await answer({ authorization: `Bearer ${await issuer.token()}` });
      expect(cell).toContain(`${got.status} with \`Retry-After: ${got.headers['retry-after']}\``);
      expect(got.challenge).toBe('');
    } finally {
      issuer.down = false;
    }
  });

  it.each([
    ["`scopes: ['orders.read', 'orders.write']`", { scopes: ['orders.read', 'orders.write'] }, { scope: 'other' }],
    [
      "`scopes: { anyOf: ['orders.read', 'orders.write'] }`",
      { scopes: { anyOf: ['orders.read', 'orders.write'] } },
      { scope: 'other' },
    ],
    ["`roles: ['Orders.Admin', 'Orders.Auditor']`", { roles: ['Orders.Admin', 'Orders.Auditor'] }, {}],
    ["`roles: { anyOf: ['Orders.Admin', 'Orders.Auditor'] }`", { roles: { anyOf: ['Orders.Admin'] } }, {}],
    ['`claim: (claims) => claims.tid === tenant`', { claim: () => false }, {}],
    ["`acrValues: ['urn:example:mfa']`", { acrValues: ['urn:example:mfa'] }, { acr: 'urn:example:pwd' }],
    ['`maxAgeSeconds: 600`', { maxAgeSeconds: 600 }, { auth_time: Math.floor(Date.now() / 1000) - 3600 }],
  ])('the requirement %s: the status, and the challenge parts or body the doc gives', async (first, rule, claims) => {
    const cell = row(first).split(' | ').at(-1)!;
    const got = await answer({ authorization: `Bearer ${await issuer.token(claims)}` }, rule);
    expect(cell.startsWith(`${got.status}`)).toBe(true);
    for (const part of quoted(cell)) {
      if (part.startsWith('{')) expect(JSON.parse(got.body)).toMatchObject(JSON.parse(part));
      else if (part.endsWith('..."')) expect(got.challenge).toContain(part.slice(0, -4));
      else expect(got.challenge).toContain(part);
    }
    if (cell.includes('no challenge')) expect(got.challenge).toBe('');
  });
});
