/**
 * What verifying the ID token's signature adds to a sign-in and to a refresh; run with
 * `npx -y pnpm@10.34.8 --filter @identity-web/oidc bench:id-token`.
 *
 * The provider is a `fetch` in this process (discovery, JWKS, token endpoint answering at once),
 * so the sign-in and the refresh are this package's own work and nothing else — the share the
 * check takes of them is an upper bound: a real one adds a network round trip to each.
 * Measured side by side, every kind in each round, in turn:
 * - `sign-in`: `redeemCode` of a callback (callback checks, the token request, the ID token's
 *   claims and signature, the partition), RS256;
 * - `refresh`: `acquireTokenSilent` with `forceRefresh`, the answer carrying an RS256 ID token;
 * - `check RS256`, `check ES256`: the signature check alone (`verifyIdTokenSignature`), the
 *   provider's key set already fetched, as for every sign-in after the first.
 * Prints µs per operation (median and p95 over the rounds) and the check's share of each.
 */
/// <reference types="node" />
import { badRequest, ErrorCode } from '@identity-web/core/provider';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type * as oauth from 'oauth4webapi';
import { createContext } from '../src/context.js';
import { resolveSettings } from '../src/settings.js';
import { verifyIdTokenSignature } from '../src/sign-in/id-token.js';
import { redeemCode } from '../src/sign-in/redeem-code.js';
import { acquireTokenSilent } from '../src/tokens/acquire-silent.js';
import { stats, timed } from './measure.js';

const ROUNDS = 30;
const PER_ROUND = 100;
const ISSUER = 'https://idp.example.com';
const CLIENT_ID = 'bench-client';

const rsa = await generateKeyPair('RS256');
const ec = await generateKeyPair('ES256');
const jwks = {
  keys: [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rs', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'es', alg: 'ES256', use: 'sig' },
  ],
};
const discovery = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
  id_token_signing_alg_values_supported: ['RS256', 'ES256'],
  authorization_response_iss_parameter_supported: true,
};
const NONCE = 'bench-nonce';
const idToken = (alg: 'RS256' | 'ES256', nonce?: string) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'alice', sid: 's-1', name: 'Alice', ...(nonce !== undefined && { nonce }) })
    .setProtectedHeader({ alg, kid: alg === 'RS256' ? 'rs' : 'es' })
    .setIssuer(ISSUER)
    .setAudience(CLIENT_ID)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(alg === 'RS256' ? rsa.privateKey : ec.privateKey);
};
const signInToken = await idToken('RS256', NONCE);
const refreshToken = await idToken('RS256');
const esToken = await idToken('ES256', NONCE);

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const fetch = async (url: string, init?: RequestInit) => {
  const { pathname } = new URL(url);
  if (pathname === '/.well-known/openid-configuration') return json(discovery);
  if (pathname === '/jwks') return json(jwks);
  const grant = new URLSearchParams(String(init?.body)).get('grant_type');
  return json({
    access_token: 'at-bench',
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: 'rt-bench',
    scope: 'openid api.read',
    id_token: grant === 'refresh_token' ? refreshToken : signInToken,
  });
};

const ctx = createContext(
  resolveSettings({ issuer: ISSUER, clientId: CLIENT_ID, clientSecret: 'bench-secret', fetch, userinfo: false }),
);
const as = (await ctx.discovery.get()) as oauth.AuthorizationServer;
const redemption = () => ({
  params: new URLSearchParams({ code: 'c-1', state: 'st-1', iss: ISSUER }),
  redirectUri: 'https://app.example.com/auth/callback',
  state: 'st-1',
  nonce: NONCE,
  codeVerifier: 'v'.repeat(43),
  scopes: ['openid', 'api.read'],
});
const first = await redeemCode(ctx, redemption());
const refresh = { scopes: ['api.read'], forceRefresh: true, refreshSkewSeconds: 0 };
const refuse = (reason: string) => badRequest(ErrorCode.InvalidCallback, reason);

const kinds: Record<string, () => Promise<unknown>> = {
  'sign-in': () => redeemCode(ctx, redemption()),
  refresh: () => acquireTokenSilent(ctx, first.partition, first.account, refresh),
  'check RS256': () => verifyIdTokenSignature(ctx, as, signInToken, refuse),
  'check ES256': () => verifyIdTokenSignature(ctx, as, esToken, refuse),
};

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
for (const op of Object.values(kinds)) await timed(op, PER_ROUND); // warm-up round, not counted
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, op] of Object.entries(kinds)) samples[name]?.push(await timed(op, PER_ROUND));
}

console.log(`ID-token signature check, µs per operation (${ROUNDS} rounds of ${PER_ROUND}, side by side)`);
console.log('kind          median      p95');
for (const [name, values] of Object.entries(samples)) {
  const { median, p95 } = stats(values);
  console.log(`${name.padEnd(12)} ${median.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(8)}`);
}
const share = (part: string, whole: string) =>
  stats((samples[part] ?? []).map((v, i) => v / (samples[whole]?.[i] ?? v))).median;
console.log(
  `check RS256 / sign-in (median of per-round ratios): ${(share('check RS256', 'sign-in') * 100).toFixed(1)} %`,
);
console.log(
  `check RS256 / refresh (median of per-round ratios): ${(share('check RS256', 'refresh') * 100).toFixed(1)} %`,
);
