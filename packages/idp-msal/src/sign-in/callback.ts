// Checks Entra's authorization response (error, code, state, RFC 9207 `iss`) before its code is redeemed.
import { badRequest, type CodeRedemption, ErrorCode } from '@identity-web/core/provider';
import { isIssuer, type ResolvedAuthority } from '../authority.js';
import type { MsalContext } from '../context.js';
import { safeErrorCode } from '../errors.js';

/**
 * RFC 9207: when the callback names its issuer, it must be ours, compared exactly (§2.4). Checked
 * before the code is redeemed; a `{tenantid}` issuer accepts any tenant id there (the id token's
 * `iss` is pinned to its own `tid` afterwards).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
function checkCallbackIssuer(iss: string | null, authority: ResolvedAuthority): void {
  if (iss === null || !authority.checkIssuer) return;
  if (!isIssuer(iss, authority.issuer, authority.tenants)) {
    throw badRequest(ErrorCode.InvalidCallback, 'the callback "iss" is not the configured issuer');
  }
}

/**
 * Checks the authorization response before anything is sent to the token endpoint, so a forged
 * or mixed-up callback never gets its code redeemed (RFC 9700 §4.4.2): an error from Entra, a
 * single `code`, the transaction's `state`, then RFC 9207 `iss`. Returns the code.
 */
export function validateCallback(ctx: MsalContext, redemption: CodeRedemption): string {
  const { params } = redemption;
  const error = params.get('error');
  if (error !== null) {
    // An error code from the query is attacker-controlled text: reflect only a short token of it.
    throw badRequest(ErrorCode.InvalidCallback, `Entra returned an error to the callback: ${safeErrorCode(error)}`);
  }
  const code = params.get('code');
  if (!code) throw badRequest(ErrorCode.InvalidCallback, 'the callback has no "code"');
  if (params.get('state') !== redemption.state) {
    throw badRequest(ErrorCode.InvalidState, 'the callback "state" does not match the sign-in');
  }
  checkCallbackIssuer(params.get('iss'), ctx.settings.authority);
  return code;
}
