// Shapes a token the identity provider gave into the `AccessToken` app code is handed.
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { AccessToken } from '../domain/token.js';
import type { TokenResult } from './identity-provider-requests.js';

/**
 * The token as app code gets it. A DPoP token (RFC 9449) comes with its `dpopProof`, bound to
 * its access token; one the provider gave no prover for is refused rather than handed out, since
 * the only way to use it then would be as a Bearer token, which its resource server must refuse.
 */
export function tokenForAppCode(result: TokenResult): AccessToken {
  const token = {
    accessToken: result.accessToken,
    expiresAt: result.expiresAt,
    scopes: result.scopes,
    tokenType: result.tokenType,
  };
  if (result.tokenType.toLowerCase() !== 'dpop') return token;
  const prover = result.dpop;
  if (prover === undefined) {
    throw new IdentityWebError(
      ErrorCode.IdpError,
      'the identity provider issued a DPoP-bound token without a key to prove it: turn on "dpop" for this provider (with @identity-web/oidc, dpop: dpopBinding())',
    );
  }
  const { accessToken } = result;
  return {
    ...token,
    tokenType: 'DPoP',
    dpopProof: (method, url, options) =>
      prover.proof({
        method,
        url: String(url),
        accessToken,
        ...(options?.nonce !== undefined && { nonce: options.nonce }),
      }),
  };
}
