import { badRequest, type CodeRedemption, ErrorCode, type SignInResult } from '@identity-web/core/provider';
import { mapMsalError } from '../map-error.js';
import type { MsalClients } from '../msal-clients.js';
import type { ProviderSettings } from '../settings.js';
import { accountFrom } from './account.js';
import { checkCallbackIssuer, checkIdToken } from './id-token.js';
import { redemptionScopes } from './redemption-scopes.js';

/** An error code from the query is attacker-controlled text: reflect only a short token of it. */
function safeCode(value: string): string {
  return /^[a-z0-9_.-]{1,64}$/i.test(value) ? value : 'unknown_error';
}

/**
 * Completes sign-in: checks the callback (error, state, RFC 9207 `iss`), redeems the code with
 * the transaction's PKCE verifier and nonce through a fresh msal client, checks the id token
 * and returns msal's serialized cache as the new partition — it holds this one account only.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token
 */
export async function redeemCode(
  clients: MsalClients,
  settings: ProviderSettings,
  redemption: CodeRedemption,
): Promise<SignInResult> {
  const { params } = redemption;
  const error = params.get('error');
  if (error !== null) {
    throw badRequest(ErrorCode.InvalidCallback, `Entra returned an error to the callback: ${safeCode(error)}`);
  }
  const code = params.get('code');
  if (!code) throw badRequest(ErrorCode.InvalidCallback, 'the callback has no "code"');
  if (params.get('state') !== redemption.state) {
    throw badRequest(ErrorCode.InvalidState, 'the callback "state" does not match the sign-in');
  }
  checkCallbackIssuer(params.get('iss'), settings.authority);

  const scopes = redemptionScopes(redemption.scopes);
  const { app, network } = clients.create();
  try {
    const result = await app.acquireTokenByCode({
      code,
      redirectUri: redemption.redirectUri,
      scopes,
      codeVerifier: redemption.codeVerifier,
      // msal-node 7 compares it with the id token's nonce (and rejects a token nonce it was not given).
      nonce: redemption.nonce,
    });
    const claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
    checkIdToken(claims, {
      clientId: settings.clientId,
      authority: settings.authority,
      now: settings.now(),
      clockSkewSeconds: settings.clockSkewSeconds,
    });
    const sid = typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : undefined;
    return {
      account: accountFrom(result, settings.authority.issuer),
      ...(sid ? { sid } : {}),
      ...(result.idToken ? { idToken: result.idToken } : {}),
      partition: app.getTokenCache().serialize(),
    };
  } catch (error) {
    throw mapMsalError(error, { operation: 'redeem', network, scopes });
  }
}
