// Checks the authorization response (`iss`, `state`, error, code) before its code is ever redeemed.
import { badRequest, type CodeRedemption, ErrorCode } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { safeErrorCode } from '../errors.js';

function invalidCallback(message: string, cause?: unknown) {
  return badRequest(ErrorCode.InvalidCallback, message, cause);
}

/**
 * Checks the authorization response before anything is sent to the token endpoint, so a
 * mixed-up or forged callback never gets its code redeemed (RFC 9207 §2.4, RFC 9700 §4.4.2):
 * `iss` first, then `state`, then an error, then the code. Works the same for `query` and
 * `form_post`: the core hands us the parameters either way.
 */
export function validateCallback(
  ctx: OidcContext,
  as: oauth.AuthorizationServer,
  redemption: CodeRedemption,
): URLSearchParams {
  const { params } = redemption;
  if (!(params instanceof URLSearchParams)) throw invalidCallback('the callback has no parameters');
  // RFC 9207 §2.4: a provider that does not advertise `iss` SHOULD have its responses with
  // `iss` discarded; it may be an attacker's AS mimicking ours. (Missing-when-advertised and
  // mismatch are checked by oauth4webapi below.)
  if (params.has('iss') && as.authorization_response_iss_parameter_supported !== true) {
    if (!ctx.settings.acceptUnadvertisedIss) {
      throw invalidCallback('the callback carries "iss" but the provider does not advertise it (RFC 9207)');
    }
  }
  // FAPI 2.0: the response must say who sent it, even should the discovery document stop saying so.
  if (ctx.settings.fapi2 && !params.has('iss')) {
    throw invalidCallback('the callback has no "iss" parameter, which profile "fapi2" requires (RFC 9207)');
  }
  let validated: URLSearchParams;
  try {
    validated = oauth.validateAuthResponse(as, ctx.client, params, redemption.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      // Only after iss and state matched: an error from another AS is not attributed to ours.
      const code = safeErrorCode(error.error);
      throw invalidCallback(`the identity provider returned an error: ${code}`, {
        error: code,
        error_description: error.error_description,
      });
    }
    // oauth4webapi's messages name the failed check ("iss" / "state"), never a value.
    throw invalidCallback(`the callback is invalid: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  const codes = validated.getAll('code');
  if (codes.length !== 1 || codes[0] === '') throw invalidCallback('the callback has no single "code" parameter');
  return validated;
}
