import { calculateJwkThumbprint, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeProofVerifier } from '../../src/api/dpop/node-proof-verify.js';
import { claimReason, PROOF_REASONS, type ProofVerifier } from '../../src/api/dpop/proof-rules.js';
import { webProofVerifier } from '../../src/api/dpop/web-proof-verify.js';
import {
  type Draft,
  encodeDraft,
  makeSigners,
  NOW,
  type Outcome,
  outcome,
  VALID_ALGORITHMS,
  validDraft,
} from '../support/dpop-proof-drafts.js';
import { SPOILERS, spoiled } from '../support/dpop-proof-spoilers.js';

// The differential test of the two DPoP proof checks (RFC 9449 §4.3): node:crypto (Node) and jose
// on Web Crypto (the edge) must give every proof the same verdict in the same words — the same
// refusal, or the same jti, jkt and acceptedUntil. A valid proof of each of the four algorithms,
// then each spoiled in every way of test/support/dpop-proof-spoilers.ts, one at a time; several
// at once in dpop-proof-paths.property.test.ts.

let signers: ReturnType<typeof makeSigners>;
const node: ProofVerifier = nodeProofVerifier()!;

beforeAll(() => {
  signers = makeSigners();
});

/** How often each verdict came, over the whole file: every refusal must be reached. */
const verdicts = new Map<string, number>();

async function bothAlike(draft: Draft): Promise<Outcome> {
  const proof = encodeDraft(draft, signers);
  const onNode = await outcome(node, proof, draft.now);
  expect(onNode, proof).toEqual(await outcome(webProofVerifier, proof, draft.now));
  const verdict =
    'accepted' in onNode ? 'accepted' : 'refused' in onNode ? `${onNode.refused}` : `threw ${onNode.threw}`;
  verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
  return onNode;
}

describe('the node:crypto and the jose proof checks', () => {
  it('run where they should: node:crypto on Node', () => {
    expect(node.runtime).toBe('node:crypto');
    expect(webProofVerifier.runtime).toBe('web-crypto');
  });

  it.each(VALID_ALGORITHMS)('accept a valid %s proof alike, with its key thumbprint (RFC 7638)', async (alg) => {
    const jkt = await calculateJwkThumbprint(signers[alg].jwk as JWK);
    expect(await bothAlike(validDraft(alg, signers))).toEqual({
      accepted: { jti: 'p1', nonce: undefined, jkt, acceptedUntil: NOW + 66_000 },
    });
  });

  describe.each(SPOILERS.map((spoiler) => [spoiler.name, spoiler] as const))('spoiled by %s alone', (_, spoiler) => {
    it.each(VALID_ALGORITHMS)('give every %s proof the same verdict', async (alg) => {
      for (const value of spoiler.values) await bothAlike(spoiled(alg, [[spoiler.name, value]], signers));
    });
  });

  it('reached every verdict, and none threw', () => {
    const expected = [
      'accepted',
      ...Object.values(PROOF_REASONS).map((reason) => `the DPoP proof ${reason}`),
      ...['jti', 'htm', 'htu', 'iat'].map((claim) => `the DPoP proof ${claimReason(claim, 'missing')}`),
      ...['iat', 'nbf', 'exp'].flatMap((claim) =>
        (['invalid', 'check_failed'] as const).map((reason) => `the DPoP proof ${claimReason(claim, reason)}`),
      ),
      'the jwk of the DPoP proof holds a private key',
      'the jwk of the DPoP proof is an RSA key over 4096 bits or with an exponent other than 65537',
      'the DPoP proof\'s "jti" must be a string',
      'the DPoP proof\'s "htm" is not the request method',
      'the DPoP proof\'s "htu" is not the request URL',
      'the DPoP proof\'s "ath" is not the hash of the access token',
    ];
    expect([...verdicts.keys()].sort()).toEqual([...expected].sort());
  });
});
