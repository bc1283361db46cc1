// A JWS access token the API has not verified before: whose keys verify it, its signature, its claims.
import { unverifiedClaims } from '../../crypto/compact-jwt.js';
import { jwtClaimsSet } from '../../domain/verify-logout-token.js';
import type { AccessTokenProvider } from '../config/api-options.js';
import type { ApiSettings } from '../config/api-settings.js';
import { type AccessTokenClaims, validateAccessTokenClaims } from '../domain/access-token-claims.js';
import { ApiRefusal } from '../domain/api-refusal.js';
import { issuedBy, userIssuer } from '../domain/claimed-issuer.js';

type Signed = Awaited<ReturnType<NonNullable<AccessTokenProvider['verifyAccessTokenSignature']>>>;

/**
 * RFC 9068 §4: a JWS access token not verified before. The issuer it names (unverified) picks the
 * trusted provider whose keys must verify it; then its claims. The claims are filed under the
 * issuer the provider names for the caller.
 */
export async function verifySignedToken(token: string, settings: ApiSettings): Promise<AccessTokenClaims> {
  const { clock, clockSkewSeconds } = settings;
  const provider = issuerOf(token, settings);
  const signed = await verifySignature(provider, token);
  const payload = jwtClaimsSet(signed);
  if (payload === null) throw ApiRefusal.invalidToken("the token's payload is not a JSON object");
  const claims = validateAccessTokenClaims(signed.protectedHeader, payload, {
    issuer: (iss, verified) => issuedBy(provider, iss, verified),
    ...(provider.accessTokenFormat !== undefined && { format: provider.accessTokenFormat }),
    audience: settings.audience,
    now: clock.now(),
    clockSkewSeconds,
  });
  // A tenant's or a v1.0 `iss` the provider accepted: the caller is filed under the issuer the
  // provider names for it, which its sign-outs name too (the token's own stays in `claims.iss`).
  const issuer = userIssuer(provider, claims.issuer, payload);
  return claims.issuer === issuer ? claims : { ...claims, issuer };
}

/** The signature against the provider's keys: a refusal for the token's fault, 503 for the provider's. */
async function verifySignature(provider: AccessTokenProvider, token: string): Promise<Signed> {
  const refuse = (reason: string) => ApiRefusal.invalidToken(`the token's signature was refused: ${reason}`);
  try {
    return await provider.verifyAccessTokenSignature!(token, refuse);
  } catch (error) {
    if (error instanceof ApiRefusal) throw error;
    // The provider's fault (its keys unreachable or unusable): not the caller's.
    throw ApiRefusal.unavailable('the token issuer cannot be reached');
  }
}

/** The trusted provider whose issuer the (unverified) token names; its keys decide. */
function issuerOf(token: string, settings: ApiSettings): AccessTokenProvider {
  const claimed = unverifiedClaims(token);
  if (claimed === undefined || typeof claimed.iss !== 'string') {
    throw ApiRefusal.invalidToken('the token is not a signed JWT');
  }
  const iss = claimed.iss;
  const provider = settings.providers.find((candidate) => issuedBy(candidate, iss, claimed));
  if (provider === undefined) throw ApiRefusal.invalidToken('the token\'s "iss" is not a trusted issuer');
  return provider;
}
