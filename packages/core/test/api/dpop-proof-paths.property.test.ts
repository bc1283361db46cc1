import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeProofVerifier } from '../../src/api/dpop/node-proof-verify.js';
import { webProofVerifier } from '../../src/api/dpop/web-proof-verify.js';
import { encodeDraft, makeSigners, outcome, VALID_ALGORITHMS } from '../support/dpop-proof-drafts.js';
import { SPOILERS, spoiled } from '../support/dpop-proof-spoilers.js';

// The differential test of the two DPoP proof checks (RFC 9449 §4.3), proofs spoiled several ways
// at once: node:crypto and jose on Web Crypto give each the same verdict in the same words. One
// way at a time, each of them: dpop-proof-paths.test.ts.

let signers: ReturnType<typeof makeSigners>;

beforeAll(() => {
  signers = makeSigners();
});

describe('the node:crypto and the jose proof checks', () => {
  it('give the same verdict to proofs spoiled several ways at once', async () => {
    const node = nodeProofVerifier()!;
    const spoiling = fc
      .constantFrom(...SPOILERS)
      .chain((spoiler) => fc.constantFrom(...spoiler.values).map((value) => [spoiler.name, value] as const));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VALID_ALGORITHMS),
        fc.array(spoiling, { minLength: 2, maxLength: 4 }),
        async (alg, spoilings) => {
          const draft = spoiled(alg, spoilings, signers);
          const proof = encodeDraft(draft, signers);
          expect(await outcome(node, proof, draft.now)).toEqual(await outcome(webProofVerifier, proof, draft.now));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
