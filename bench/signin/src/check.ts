// The ID token's signature check alone, as the library runs it in a callback: `verifyIdTokenSignature`
// of the oidc package's sources, with the real provider's discovery and key set (fetched once,
// before the timing, as for every sign-in after the first) and an ID token it issued to the app.
import { badRequest, ErrorCode } from '@identity-web/core/provider';
import { createContext } from '../../../packages/idp-oidc/src/context.js';
import { resolveSettings } from '../../../packages/idp-oidc/src/settings.js';
import { verifyIdTokenSignature } from '../../../packages/idp-oidc/src/sign-in/id-token.js';

type AuthorizationServer = Parameters<typeof verifyIdTokenSignature>[1];

/** One check of `idToken`'s signature, ready to time: the key set is already fetched. */
export async function signatureCheck(
  issuer: string,
  client: { clientId: string; clientSecret: string },
  idToken: string,
): Promise<() => Promise<void>> {
  const ctx = createContext(resolveSettings({ issuer, ...client, allowInsecureRequests: true, userinfo: false }));
  const as = (await ctx.discovery.get()) as AuthorizationServer;
  const refuse = (reason: string) => badRequest(ErrorCode.InvalidCallback, reason);
  const check = () => verifyIdTokenSignature(ctx, as, idToken, refuse);
  await check(); // fetches the key set; throws if the token does not verify
  return check;
}
