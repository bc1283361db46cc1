// The DPoP proof check an API runs (RFC 9449 §4.3), alone and in process: checkDpopProof on
// node:crypto (Node's path), the same on jose and Web Crypto (the edge's path, and Node's before),
// and beside them the floor, a bare node:crypto ES256 check (the header parsed, its jwk imported
// with createPublicKey, the signature verified as R || S, the token hashed for `ath`). The three
// take turns in every round, on the same fresh proofs; medians of the rounds and of the per-round
// ratios to the floor.
import { createHash, createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { checkDpopProofWith, type ProofRequest } from '../../../packages/core/src/api/dpop/dpop-proof.js';
import { nodeProofVerifier } from '../../../packages/core/src/api/dpop/node-proof-verify.js';
import type { ProofVerifier } from '../../../packages/core/src/api/dpop/proof-rules.js';
import { webProofVerifier } from '../../../packages/core/src/api/dpop/web-proof-verify.js';

const URL_ = 'https://api.bench/orders';
const TOKEN = 'the-access-token-the-proofs-are-made-for';

/** The floor: what any node:crypto ES256 proof check must do, and nothing else. */
function bareCheck(proof: string, accessToken: string): string {
  const [header, payload, signature] = proof.split('.') as [string, string, string];
  const { jwk } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { jwk: JsonWebKey };
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const data = Buffer.from(`${header}.${payload}`);
  if (!verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) {
    throw new Error('the bare check refused a proof: the numbers would lie');
  }
  return createHash('sha256').update(accessToken).digest('base64url');
}

type Kind = 'bare' | 'node' | 'jose';
const KINDS: readonly Kind[] = ['bare', 'node', 'jose'];
const LABELS: Readonly<Record<Kind, string>> = {
  bare: 'bare node:crypto ES256 check (the floor)',
  node: 'checkDpopProof on node:crypto (Node)',
  jose: 'checkDpopProof on jose + Web Crypto (the edge; Node before)',
};

/** µs per proof for one kind over the round's proofs. */
async function timed(kind: Kind, proofs: readonly string[]): Promise<number> {
  const verifiers: Record<Exclude<Kind, 'bare'>, ProofVerifier> = {
    node: nodeProofVerifier()!,
    jose: webProofVerifier,
  };
  const now = Date.now();
  const start = process.hrtime.bigint();
  for (const proof of proofs) {
    if (kind === 'bare') {
      bareCheck(proof, TOKEN);
    } else {
      const request: ProofRequest = { proofs: [proof], method: 'GET', url: URL_, accessToken: TOKEN, now };
      await checkDpopProofWith(request, verifiers[kind]);
    }
  }
  return Number(process.hrtime.bigint() - start) / 1000 / proofs.length;
}

/** Prints the three side by side: `rounds` rounds of `n` fresh ES256 proofs, the order rotating. */
export async function proofCheck(rounds: number, n: number, median: (values: readonly number[]) => number) {
  if (nodeProofVerifier()?.runtime !== 'node:crypto') throw new Error('no node:crypto path on this runtime');
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  const ath = createHash('sha256').update(TOKEN).digest('base64url');
  const proofsOf = (count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu: URL_, iat: Math.floor(Date.now() / 1000), ath })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
          .sign(pair.privateKey),
      ),
    );
  const warm = await proofsOf(Math.min(n, 500));
  for (const kind of KINDS) await timed(kind, warm);
  const perProof = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
  const ratios = { node: [] as number[], jose: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const proofs = await proofsOf(n);
    const times = new Map<Kind, number>();
    for (let i = 0; i < KINDS.length; i++) {
      const kind = KINDS[(round + i) % KINDS.length]!;
      times.set(kind, await timed(kind, proofs));
    }
    for (const [kind, time] of times) perProof.get(kind)!.push(time);
    ratios.node.push(times.get('node')! / times.get('bare')!);
    ratios.jose.push(times.get('jose')! / times.get('bare')!);
  }
  console.log(`\n## The DPoP proof check alone, in process (${rounds} rounds of ${n} ES256 proofs)\n`);
  console.log(
    '| check | µs per proof (median) | range | × the floor (median of rounds) |\n| --- | ---: | ---: | ---: |',
  );
  for (const kind of KINDS) {
    const values = perProof.get(kind)!;
    const range = `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
    const ratio = kind === 'bare' ? '1.00' : median(ratios[kind]).toFixed(2);
    console.log(`| ${LABELS[kind]} | ${median(values).toFixed(1)} | ${range} | ${ratio} |`);
  }
  const speedup = median(ratios.jose.map((jose, i) => jose / ratios.node[i]!));
  console.log(
    `\nOn Node the proof check costs ${median(ratios.node).toFixed(2)}× the bare check; through jose it cost`,
  );
  console.log(`${median(ratios.jose).toFixed(2)}× (the node:crypto path is ${speedup.toFixed(2)}× faster).`);
}
