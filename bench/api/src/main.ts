// `pnpm bench:api [--quick]`: a bare Express route, the same route behind a middleware that does
// nothing (the floor of any guard), behind identity-web's protectApi and behind
// express-oauth2-jwt-bearer, each server in a process of its own, loaded in turns with autocannon
// with one JWT access token, in an order that rotates each round; then, in process, what a DPoP
// proof adds to identity-web's check of a request, and an opaque token's check once its
// introspection answer is remembered, and protectApi's cost as Express middleware beside a
// middleware that does nothing (middleware-cost.ts), on requests shaped as Express's (express-request.ts); last, the DPoP proof check alone on each
// path beside a bare node:crypto check (proof-check.ts). Medians of the rounds (of each round's ratios, for shares),
// side by side from one run. Each load also reads the server's CPU per request (process.cpuUsage over
// IPC), the steadier figure when autocannon shares the machine's cores with the server.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebHttpRequest } from '@identity-web/core/adapter';
import { createIdentityWebApi } from '@identity-web/core/api';
import { createOidcApiProvider } from '@identity-web/oidc';
import autocannon from 'autocannon';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AUDIENCE, SCOPE, type StandInIssuer, startIssuer } from './issuer.js';
import { middlewareCost } from './middleware-cost.js';
import { proofCheck } from './proof-check.js';
import type { VariantId } from './server.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 5;
const SECONDS = quick ? 1 : 5;
const CONNECTIONS = 10;
const VARIANTS: readonly VariantId[] = ['bare', 'no-op middleware', 'identity-web', 'express-oauth2-jwt-bearer'];

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function startServer(variant: VariantId, issuer: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [variant, issuer], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) =>
      resolve({ child, url: `http://127.0.0.1:${(message as { port: number }).port}` }),
    );
    child.once('exit', (code) => reject(new Error(`the ${variant} server exited with ${code}`)));
  });
}

/** The CPU (user and system, µs) a server's process has used so far. */
function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve((message as { cpu: number }).cpu));
    child.send('cpu');
  });
}

/** A load's requests per second, and the server's CPU per request (µs) over it. */
async function load(
  server: { child: ChildProcess; url: string },
  authorization: string,
  seconds: number,
): Promise<{ rate: number; cpu: number }> {
  const before = await cpuOf(server.child);
  const url = server.url;
  const result = await autocannon({
    url: `${url}/orders`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization },
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} answers were not 2xx, ${result.errors} errors: the numbers would lie`);
  }
  return { rate: result.requests.average, cpu: ((await cpuOf(server.child)) - before) / result.requests.total };
}

async function http(issuer: StandInIssuer): Promise<void> {
  const token = `Bearer ${await issuer.token()}`;
  const servers = await Promise.all(VARIANTS.map((variant) => startServer(variant, issuer.issuer)));
  try {
    const rates = new Map<VariantId, number[]>(VARIANTS.map((v) => [v, []]));
    const cpus = new Map<VariantId, number[]>(VARIANTS.map((v) => [v, []]));
    for (const server of servers) await load(server, token, 1); // warm-up (and the key set fetched)
    for (let round = 0; round < ROUNDS; round++) {
      // The order rotates each round, so no variant always runs first (or right after another).
      for (let k = 0; k < VARIANTS.length; k++) {
        const i = (k + round) % VARIANTS.length;
        const { rate, cpu } = await load(servers[i]!, token, SECONDS);
        rates.get(VARIANTS[i]!)!.push(rate);
        cpus.get(VARIANTS[i]!)!.push(cpu);
      }
    }
    /** Each round's ratio of `a` to `b`, measured minutes apart at most: drift between rounds cancels out. */
    const perRound = (a: VariantId, b: VariantId) => rates.get(a)!.map((rate, round) => rate / rates.get(b)![round]!);
    const span = (values: readonly number[], digits: number, scale = 1) =>
      `${(Math.min(...values) * scale).toFixed(digits)}–${(Math.max(...values) * scale).toFixed(digits)}`;
    console.log(
      `\n## A protected Express route, one JWT access token (${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, order rotating)\n`,
    );
    console.log(
      '| variant | req/s (median) | range | of bare (median of rounds) | its range |\n| --- | ---: | ---: | ---: | ---: |',
    );
    for (const variant of VARIANTS) {
      const values = rates.get(variant)!;
      const shares = perRound(variant, 'bare');
      console.log(
        `| ${variant} | ${median(values).toFixed(0)} | ${span(values, 0)} | ${(median(shares) * 100).toFixed(1)} % | ${span(shares, 1, 100)} % |`,
      );
    }
    // The server's own CPU per request: what a server whose core is its bottleneck pays per request,
    // steadier than its rate when the load generator shares the machine. Its share: bare's CPU per
    // request over the variant's, in each round (the rate a CPU-bound server would keep).
    console.log(
      "\n### The server's CPU per request (user and system), same loads\n\n| variant | µs per request (median) | range | bare's over it (median of rounds) | its range |\n| --- | ---: | ---: | ---: | ---: |",
    );
    for (const variant of VARIANTS) {
      const values = cpus.get(variant)!;
      const shares = cpus.get('bare')!.map((bare, round) => bare / values[round]!);
      console.log(
        `| ${variant} | ${median(values).toFixed(1)} | ${span(values, 1)} | ${(median(shares) * 100).toFixed(1)} % | ${span(shares, 1, 100)} % |`,
      );
    }
    const ahead = perRound('identity-web', 'express-oauth2-jwt-bearer');
    console.log(
      `\nidentity-web serves ${median(ahead).toFixed(2)}× express-oauth2-jwt-bearer's requests (median of rounds, ${span(ahead, 2)}).`,
    );
  } finally {
    for (const { child } of servers) child.kill();
  }
}

/**
 * What a DPoP proof adds to identity-web's check, and what an opaque token costs once its
 * introspection answer is remembered: Bearer, DPoP and opaque requests in turns, µs per request.
 */
async function inProcess(issuer: StandInIssuer): Promise<void> {
  const provider = createOidcApiProvider({ issuer: issuer.issuer, clientId: 'bench-api', allowInsecureRequests: true });
  const api = createIdentityWebApi({
    // The provider's answer for the opaque token, as an introspection endpoint gives it: asked
    // once, then remembered (the question's own cost is the provider's round trip, not the API's).
    identityProvider: {
      ...provider,
      introspectAccessToken: async () => ({
        active: true,
        client_id: 'bench-client',
        sub: 'bench-user',
        aud: AUDIENCE,
        scope: SCOPE,
        exp: Math.floor(Date.now() / 1000) + 3600,
      }),
    },
    audience: AUDIENCE,
    baseUrl: 'https://api.bench',
    introspection: true,
    replayCache: { has: async () => false, putIfAbsent: async () => true }, // the memory's own cost is not the proof's
  });
  const guard = api.guard({ scopes: [SCOPE] });
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  const bound = await issuer.token({ cnf: { jkt: await calculateJwkThumbprint(jwk) } });
  const bearer = await issuer.token();
  const url = 'https://api.bench/orders';
  const ath = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(bound))).toString('base64url');
  const n = quick ? 200 : 2000;
  const request = (authorization: string, proof?: string) =>
    new WebHttpRequest(new Request(url, { headers: { authorization, ...(proof && { dpop: proof }) } }), api.origin);
  const timed = async (requests: WebHttpRequest[]) => {
    const start = process.hrtime.bigint();
    for (const r of requests) if ((await guard(r)).caller === null) throw new Error('refused: the numbers would lie');
    return Number(process.hrtime.bigint() - start) / 1000 / requests.length;
  };
  const opaque = crypto.randomUUID();
  const perBearer: number[] = [];
  const perDpop: number[] = [];
  const perOpaque: number[] = [];
  await timed([request(`Bearer ${bearer}`), request(`Bearer ${opaque}`)]); // the key set fetched, the answer had
  for (let round = 0; round < ROUNDS; round++) {
    const proofs = await Promise.all(
      Array.from({ length: n }, () =>
        new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu: url, iat: Math.floor(Date.now() / 1000), ath })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
          .sign(pair.privateKey),
      ),
    );
    perBearer.push(await timed(Array.from({ length: n }, () => request(`Bearer ${bearer}`))));
    perDpop.push(await timed(proofs.map((proof) => request(`DPoP ${bound}`, proof))));
    perOpaque.push(await timed(Array.from({ length: n }, () => request(`Bearer ${opaque}`))));
  }
  const [b, d, o] = [median(perBearer), median(perDpop), median(perOpaque)];
  console.log(`\n## identity-web's check of one request, in process (${ROUNDS} rounds of ${n} requests)\n`);
  console.log('| token | µs per request (median) |\n| --- | ---: |');
  console.log(`| Bearer (JWT) | ${b.toFixed(1)} |\n| DPoP-bound, with its proof | ${d.toFixed(1)} |`);
  console.log(`| opaque, its introspection answer remembered | ${o.toFixed(1)} |`);
  console.log(`\nThe DPoP proof adds ${(d - b).toFixed(1)} µs per request (${(d / b).toFixed(2)}× the Bearer check).`);
}

const issuer = await startIssuer();
try {
  console.log(
    `identity-web API benchmark on Node ${process.version}${quick ? ' (--quick: numbers too short to quote)' : ''}`,
  );
  await http(issuer);
  await middlewareCost(issuer, ROUNDS + 1, quick ? 2000 : 50_000, median);
  await inProcess(issuer);
  await proofCheck(quick ? 3 : 10, quick ? 200 : 2000, median);
} finally {
  await issuer.close();
}
