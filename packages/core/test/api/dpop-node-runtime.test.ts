// Which runtime checks DPoP proofs with node:crypto: Node's, whole; a runtime whose node:crypto is
// missing a part, throws, or answers a known ES256 signature or SHA-256 wrongly (an emulation that
// takes every signature, say) checks them with jose on Web Crypto.
import * as nodeCrypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeRuntime, nodeProofVerifierOf } from '../../src/api/dpop/node-proof-verify.js';
import { webProofVerifier } from '../../src/api/dpop/web-proof-verify.js';
import { encodeDraft, makeSigners, outcome, VALID_ALGORITHMS, validDraft } from '../support/dpop-proof-drafts.js';

let signers: ReturnType<typeof makeSigners>;
beforeAll(() => {
  signers = makeSigners();
});

/** A runtime whose node:crypto is Node's with `changes` over it. */
function runtimeWith(changes: Record<string, unknown>, buffer: unknown = { Buffer }): NodeRuntime {
  const crypto = { ...nodeCrypto, ...changes };
  return {
    getBuiltinModule: (id) => (id === 'node:crypto' ? crypto : id === 'node:buffer' ? buffer : undefined),
  };
}

describe('the node:crypto proof check', () => {
  it("is Node's, and gives every valid proof the verdict and thumbprint jose gives", async () => {
    const node = nodeProofVerifierOf(process);
    expect(node?.runtime).toBe('node:crypto');
    for (const alg of VALID_ALGORITHMS) {
      const draft = validDraft(alg, signers);
      const proof = encodeDraft(draft, signers);
      const got = await outcome(node!, proof, draft.now);
      expect(got).toEqual(await outcome(webProofVerifier, proof, draft.now));
      expect(got).not.toHaveProperty('refusal');
    }
    expect(await node!.sha256('a.b')).toBe(await webProofVerifier.sha256('a.b'));
  });

  it.each([
    ['takes every signature', { verify: () => true }],
    ['takes no signature', { verify: () => false }],
    ['hashes wrongly', { createHash: () => nodeCrypto.createHash('sha1') }],
    ['has no createPublicKey', { createPublicKey: undefined }],
    ['has no verify', { verify: undefined }],
    ['has no createHash', { createHash: undefined }],
    ['has no RSA constants', { constants: {} }],
    [
      'throws on a key',
      {
        createPublicKey: () => {
          throw new Error('not here');
        },
      },
    ],
  ])('is not used where node:crypto %s', (_case, changes) => {
    expect(nodeProofVerifierOf(runtimeWith(changes))).toBeNull();
  });

  it('is not used without node:buffer, without getBuiltinModule, or without process', () => {
    expect(nodeProofVerifierOf(runtimeWith({}, null))).toBeNull();
    expect(nodeProofVerifierOf(runtimeWith({}, { Buffer: {} }))).toBeNull();
    expect(nodeProofVerifierOf({})).toBeNull();
    expect(nodeProofVerifierOf(undefined)).toBeNull();
    expect(
      nodeProofVerifierOf({
        getBuiltinModule: () => {
          throw new Error('no such module');
        },
      }),
    ).toBeNull();
  });
});
