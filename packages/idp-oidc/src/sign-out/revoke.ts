// Revokes an account's refresh token at the provider's revocation endpoint (RFC 7009), when it has one.
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpFailure } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';
import { parseUserPartition } from '../tokens/partition.js';

/**
 * Revokes the partition's refresh token (RFC 7009 §2.1). Revoking the refresh token also
 * revokes the access tokens of its grant at most providers (§2.1), so it is the one worth sending.
 * A 200 means revoked or already invalid, whatever the body (§2.2). Failures are thrown typed;
 * the core removes the account regardless, and may retry on `idp_unavailable` (503, §2.2.1).
 */
export async function revoke(ctx: OidcContext, partitionText: string): Promise<void> {
  const refreshToken = parseUserPartition(partitionText)?.rt;
  if (refreshToken === undefined) return;
  const as = await ctx.discovery.get();
  if (as.revocation_endpoint === undefined) return;
  endpointUrl(as.revocation_endpoint, 'revocation_endpoint', ctx.settings.allowInsecureRequests);
  try {
    const response = await oauth.revocationRequest(as, ctx.client, ctx.clientAuth, refreshToken, {
      ...ctx.http,
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    await oauth.processRevocationResponse(response);
  } catch (error) {
    throw idpFailure(error, 'token revocation', ctx.settings);
  }
}
