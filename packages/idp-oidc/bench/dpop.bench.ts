/**
 * What DPoP (RFC 9449) adds to the calls an app makes; run with
 * `npx -y pnpm@10.34.8 --filter @identity-web/oidc bench`.
 *
 * Measured side by side: every kind runs in each round, in turn, so a slow moment of the machine
 * lands on all of them alike. The kinds:
 * - `GET, Bearer`: a keep-alive GET to a server on 127.0.0.1 that answers 204 at once — the
 *   smallest API call there is, so the share DPoP adds to it is an upper bound;
 * - `GET, DPoP`: the same GET with a fresh proof made first, as `callApi` does for each request;
 * - `proof`: one proof alone (ES256 signature, a random `jti`; the token's SHA-256 is worked out
 *   once per token);
 * - `key import`: the account's key imported from its partition (a key not yet kept);
 * - `key, kept`: the same key once imported, as every later read of the partition finds it;
 * - `new key`: a key pair made at sign-in.
 * Prints µs per operation: median and p95 over the rounds, and the DPoP/Bearer ratio.
 */
/// <reference types="node" />
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@identity-web/core/provider';
import type { OidcContext } from '../src/context.js';
import { dpopProver, loadDpopKey, newDpopKey } from '../src/tokens/dpop.js';
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
  proof: () => prover.proof({ method: 'GET', url, accessToken }),
  'key import': () => loadDpopKey({ dpopKeys: new Map() } as unknown as OidcContext, stored),
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
console.log('kind          median      p95');
for (const [name, values] of Object.entries(samples)) {
  const { median, p95 } = stats(values);
  console.log(`${name.padEnd(12)} ${median.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(8)}`);
}
const ratio = (values: number[], base: number[]) => stats(values.map((v, i) => v / (base[i] ?? v))).median;
const bearer = samples['GET, Bearer'] ?? [];
console.log(
  `GET, DPoP / GET, Bearer (median of per-round ratios): ${ratio(samples['GET, DPoP'] ?? [], bearer).toFixed(2)}`,
);
