/**
 * What DPoP (RFC 9449) adds to the calls an app makes; run with
 * `npx -y pnpm@10.34.8 --filter @identity-web/oidc bench`.
 *
 * Measured side by side: every kind runs in each round, in turn, so a slow moment of the machine
 * lands on all of them alike. The kinds:
 * - `GET, Bearer`: a keep-alive GET to a server on 127.0.0.1 that answers 204 at once — the
 *   smallest API call there is, so the share DPoP adds to it is an upper bound;
 * - `GET, DPoP`: the same GET with a fresh proof made first, as `callApi` does for each request;
 * - `proof`: one proof alone, as `callApi` makes it (ES256 signature with `node:crypto`, a random
 *   `jti`; the token's SHA-256 is worked out once per token);
 * - `proof, WebCrypto`: the same proof signed through Web Crypto, as on the edge;
 * - `proof, jose`: the same proof made with jose's `SignJWT` (Web Crypto), as before proofs were
 *   signed with `node:crypto`;
 * - `bare JWS`: the floor — the same claims (a fresh `jti`, `iat`) as a compact ES256 JWS made
 *   with `node:crypto` and a `KeyObject` directly, nothing else;
 * - `key import`: the account's key imported from its partition (a key not yet kept);
 * - `key, kept`: the same key once imported, as every later read of the partition finds it;
 * - `new key`: a key pair made at sign-in.
 * Prints µs per operation: median and p95 over the rounds, and the DPoP/Bearer ratio.
 */
/// <reference types="node" />
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@identity-web/core/provider';
import { SignJWT } from 'jose';
import type { OidcContext } from '../src/context.js';
import { dpopProver, loadDpopKey, newDpopKey } from '../src/tokens/dpop.js';
import { webCryptoSigner } from '../src/tokens/es256.js';
import { stats, timed } from './measure.js';

const ROUNDS = 40;
const PER_ROUND = 200;

const server = createServer((_req, res) => res.writeHead(204).end());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders/7`;

// The prover and the key cache read nothing of the context but the clock and the cache.
const ctx = { settings: { clock: systemClock }, dpopKeys: new Map() } as unknown as OidcContext;
const { key, stored } = await newDpopKey();
const prover = dpopProver(ctx, key);
const accessToken = `at-${'x'.repeat(800)}`; // about the size of a JWT access token
const webProver = dpopProver(ctx, { ...key, signer: webCryptoSigner(key.pair.privateKey) });

// The floor: the same claims, as a JWS made with node:crypto directly.
const keyObject = createPrivateKey({ key: { ...stored }, format: 'jwk' });
const ath = await webCryptoSigner(key.pair.privateKey).sha256(accessToken);
const { htu, htm } = { htu: url, htm: 'GET' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bareHeader = b64({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk });
const bareJws = async () => {
  const input = `${bareHeader}.${b64({ htm, htu, ath, jti: randomUUID(), iat: Math.floor(Date.now() / 1000) })}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: keyObject, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
};
// Before: jose's SignJWT, through Web Crypto.
const joseProof = () =>
  new SignJWT({ htm, htu, ath })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .setJti(randomUUID())
    .setIssuedAt(Math.floor(Date.now() / 1000))
    .sign(key.pair.privateKey);

const kinds: Record<string, () => Promise<unknown>> = {
  'GET, Bearer': async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
    await response.arrayBuffer();
  },
  'GET, DPoP': async () => {
    const dpop = await prover.proof({ method: 'GET', url, accessToken });
    const response = await fetch(url, { headers: { authorization: `DPoP ${accessToken}`, dpop } });
    await response.arrayBuffer();
  },
  'bare JWS': bareJws,
  proof: () => prover.proof({ method: 'GET', url, accessToken }),
  'proof, WebCrypto': () => webProver.proof({ method: 'GET', url, accessToken }),
  'proof, jose': joseProof,
  'key import': () => loadDpopKey({ ...ctx, dpopKeys: new Map() }, stored),
  'key, kept': () => loadDpopKey(ctx, stored),
  'new key': () => newDpopKey(),
};

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
for (const op of Object.values(kinds)) await timed(op, PER_ROUND); // warm-up round, not counted
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, op] of Object.entries(kinds)) samples[name]?.push(await timed(op, PER_ROUND));
}
server.close();

console.log(`DPoP cost, µs per operation (${ROUNDS} rounds of ${PER_ROUND}, side by side)`);
console.log(`proofs signed with ${key.signer.runtime}`);
console.log('kind                median      p95');
for (const [name, values] of Object.entries(samples)) {
  const { median, p95 } = stats(values);
  console.log(`${name.padEnd(18)} ${median.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(8)}`);
}
const ratio = (values: number[], base: number[]) => stats(values.map((v, i) => v / (base[i] ?? v))).median;
const bearer = samples['GET, Bearer'] ?? [];
const bare = samples['bare JWS'] ?? [];
for (const kind of ['proof', 'proof, WebCrypto', 'proof, jose']) {
  console.log(`${kind} / bare JWS (median of per-round ratios): ${ratio(samples[kind] ?? [], bare).toFixed(2)}`);
}
console.log(
  `GET, DPoP / GET, Bearer (median of per-round ratios): ${ratio(samples['GET, DPoP'] ?? [], bearer).toFixed(2)}`,
);
