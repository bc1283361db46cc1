/// <reference types="node" />
import { createPublicKey, verify } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { describe, expect, it } from 'vitest';

// DPoP proofs for APIs are signed with node:crypto where the runtime is Node. workerd with the
// nodejs_compat flag offers `process.getBuiltinModule('node:crypto')` too: whatever its
// emulation can do, a proof made there must verify (its ECDSA signing throws today: the signer
// finds that once per key, by a trial signature it verifies, and signs with Web Crypto). Without
// the flag there is no node:crypto.
async function proofIn(compatibilityFlags: string[]) {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('dpop/entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['browser', 'module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'silent',
  });
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: '2026-04-01',
    compatibilityFlags,
  });
  try {
    return (await (await mf.dispatchFetch('http://worker/')).json()) as { runtime: string; proof: string };
  } finally {
    await mf.dispose();
  }
}

function verifies(proof: string): boolean {
  const [header, claims, signature] = proof.split('.') as [string, string, string];
  const { jwk, alg, typ } = JSON.parse(Buffer.from(header, 'base64url').toString()) as {
    jwk: object;
    alg: string;
    typ: string;
  };
  expect({ alg, typ }).toEqual({ alg: 'ES256', typ: 'dpop+jwt' });
  const key = createPublicKey({ key: { ...jwk }, format: 'jwk' });
  return verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
}

describe('DPoP proofs made in workerd', () => {
  it.each([[[]], [['nodejs_compat']]])(
    'verify, with compatibility flags %j',
    async (flags) => {
      // Whichever signer the runtime got (Web Crypto today, with or without the flag).
      const { proof } = await proofIn(flags);
      expect(verifies(proof)).toBe(true);
    },
    60_000,
  );
});
