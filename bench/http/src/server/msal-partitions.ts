import { randomBytes } from 'node:crypto';
import { createMsalProvider } from '@identity-web/msal';
import { FAKE_ENTRA, FakeEntra, type FakeUser, makeUser } from '@identity-web/msal/testing';
import { setupServer } from 'msw/node';
import { SetupError } from './errors.js';

/** Each user's serialized msal token cache, by home account id, as a distributed cache holds them. */
export interface UserPartitions {
  readonly homeAccountIds: readonly string[];
  readonly byHomeAccountId: Map<string, string>;
}

/**
 * One real sign-in through msal-node against the fake Entra token endpoint (MSW intercepts it;
 * nothing leaves the process), whose cache then serves as the template of every user's
 * partition: the user's ids, names and tokens swapped in. `count` sign-ins through msal would
 * give the same shapes, only far slower.
 */
export async function buildUserPartitions(count: number): Promise<UserPartitions> {
  const template = makeUser(1);
  const serialized = await signInOnce(template);
  const byHomeAccountId = new Map<string, string>();
  const homeAccountIds: string[] = [];
  for (let n = 1; n <= count; n++) {
    const user = makeUser(n);
    homeAccountIds.push(user.homeAccountId);
    byHomeAccountId.set(user.homeAccountId, rewrite(serialized, template, user));
  }
  return { homeAccountIds, byHomeAccountId };
}

async function signInOnce(user: FakeUser): Promise<string> {
  const entra = new FakeEntra();
  const server = setupServer(...entra.handlers());
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const idp = createMsalProvider({
      tenant: FAKE_ENTRA.tenantId,
      clientId: FAKE_ENTRA.clientId,
      clientSecret: FAKE_ENTRA.clientSecret,
    });
    const scopes = ['openid', 'profile', 'offline_access', FAKE_ENTRA.graphRead];
    const secrets = await transaction();
    const url = await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes, ...secrets });
    const params = entra.authorize(url, user);
    const { partition } = await idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes, ...secrets });
    return partition;
  } finally {
    // MSW patches Node's HTTP client; none of that may stay active while the server is measured.
    server.close();
  }
}

async function transaction() {
  const codeVerifier = randomBytes(32).toString('base64url');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier));
  return {
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    codeVerifier,
    codeChallenge: Buffer.from(digest).toString('base64url'),
  };
}

/** The template user's partition with another user's values: keys, ids, names, tokens. */
function rewrite(serialized: string, from: FakeUser, to: FakeUser): string {
  const cache = JSON.parse(serialized) as { IdToken?: Record<string, { secret: string }> };
  const idTokens = Object.values(cache.IdToken ?? {});
  if (idTokens.length !== 1) throw new SetupError(`the template partition holds ${idTokens.length} id tokens, not 1`);
  // The id token is base64url: replaced whole, not by its parts.
  const pairs: [string, string][] = [
    [idTokens[0]!.secret, cachedIdToken(idTokens[0]!.secret, to)],
    [from.clientInfo, to.clientInfo],
    [from.oid, to.oid], // also the home account id, the cache keys and the token values
    [from.username, to.username],
    [from.loginHint, to.loginHint],
    [`${from.name}"`, `${to.name}"`],
    [`${from.name}\\"`, `${to.name}\\"`], // inside msal's JSON-encoded tenant profiles
  ];
  let out = serialized;
  for (const [a, b] of pairs) out = out.replaceAll(a, b);
  return out;
}

/**
 * The template's cached ID token with `to`'s claims: its header kept, its signature dropped. An ID
 * token in msal's cache is verified once, when it arrives, and only read afterwards.
 */
function cachedIdToken(template: string, to: FakeUser): string {
  const [header = ''] = template.split('.');
  return `${header}.${Buffer.from(JSON.stringify(FakeEntra.claimsOf(to))).toString('base64url')}.`;
}
