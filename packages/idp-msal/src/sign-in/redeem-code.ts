// Completes an Entra sign-in: checks the callback, redeems the code, checks the ID token, builds the account.
import { badRequest, type CodeRedemption, ErrorCode, type SignInResult } from '@identity-web/core/provider';
import type { MsalContext } from '../context.js';
import { mapMsalError } from '../errors.js';
import { accountFrom } from './account.js';
import { validateCallback } from './callback.js';
import { checkIdToken } from './id-token.js';
import { grantedScopes, redemptionScopes } from './redemption-scopes.js';
import { verifyEntraSignature } from './signature.js';

/**
 * Completes sign-in: checks the callback (error, state, RFC 9207 `iss`), redeems the code with
 * the transaction's PKCE verifier and nonce through a fresh msal client, checks the id token
 * and returns msal's serialized cache as the new partition — it holds this one account only.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token
 */
export async function redeemCode(ctx: MsalContext, redemption: CodeRedemption): Promise<SignInResult> {
  const code = validateCallback(ctx, redemption);
  const { settings } = ctx;
  const scopes = redemptionScopes(redemption.scopes);
  const { app, network } = ctx.clients.create();
  try {
    const result = await app.acquireTokenByCode({
      code,
      redirectUri: redemption.redirectUri,
      scopes,
      codeVerifier: redemption.codeVerifier,
      // msal-node 7 compares it with the id token's nonce (and rejects a token nonce it was not given).
      nonce: redemption.nonce,
    });
    // OIDC Core 1.0 §3.1.3.7 step 6: msal-node does not verify the signature; it is checked here.
    await verifyEntraSignature(ctx, result.idToken, 'id-token', (reason, cause) =>
      badRequest(ErrorCode.InvalidCallback, `the ID token failed validation: ${reason}`, cause),
    );
    const claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
    checkIdToken(claims, {
      clientId: settings.clientId,
      authority: settings.authority,
      now: settings.clock.now(),
      clockSkewSeconds: settings.clockSkewSeconds,
    });
    const sid = typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : undefined;
    return {
      account: accountFrom(result, settings.authority.issuer),
      ...(sid ? { sid } : {}),
      ...(result.idToken ? { idToken: result.idToken } : {}),
      partition: app.getTokenCache().serialize(),
      grantedScopes: grantedScopes(redemption.scopes, scopes, result.scopes),
    };
  } catch (error) {
    throw mapMsalError(error, { operation: 'redeem', network, credential: ctx.settings.credential, scopes });
  }
}
