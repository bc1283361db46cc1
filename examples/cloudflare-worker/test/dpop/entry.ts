// A Worker that makes one DPoP proof for an API with a new account key, and says which signer made it.
import type { OidcContext } from '../../../../packages/idp-oidc/src/context.js';
import { dpopProver, newDpopKey } from '../../../../packages/idp-oidc/src/tokens/dpop.js';

const ctx = { settings: { clock: { now: () => Date.now() } }, dpopKeys: new Map() } as unknown as OidcContext;

export default {
  async fetch(): Promise<Response> {
    const { key } = await newDpopKey();
    const proof = await dpopProver(ctx, key).proof({ method: 'GET', url: 'https://api.example/x', accessToken: 'at' });
    return Response.json({ runtime: key.signer.runtime, proof });
  },
};
