import { isIdentityWebError } from '../domain/errors.js';
import type { IdpOperation } from '../domain/events.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { IdentityProvider, SilentTokenRequest } from '../ports/identity-provider.port.js';
import type { Logger } from '../ports/logger.port.js';

/** Failures that are answers to a request, not the provider failing. */
const ANSWERS: ReadonlySet<string> = new Set([
  'interaction_required',
  'invalid_callback',
  'invalid_state',
  'invalid_logout_token',
]);

/**
 * Wraps the identity-provider port so every call is timed and counted (the `idpCall` event,
 * which the metrics turn into a latency histogram) and every failure logged by its code — never
 * its message, which may quote what the IdP sent. The calls themselves pass through unchanged.
 */
export function observedIdentityProvider(
  idp: IdentityProvider,
  events: EventSink,
  logger: Logger,
  name?: string,
): IdentityProvider {
  // One of several providers (`identityProviders`): its name goes with every event and log line.
  const named = name === undefined ? {} : { provider: name };
  const timed =
    <A extends unknown[], R>(operation: IdpOperation, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        const result = await call(...args);
        await events.emit('idpCall', { operation, ...named, durationMs: performance.now() - started, outcome: 'ok' });
        return result;
      } catch (error) {
        const code = String((error as { code?: unknown } | null)?.code ?? 'unknown');
        // Interaction, a refused callback (the sign-in route logs its one warning) and a refused
        // logout token are answers, not outages: debug, not warn.
        const expected = ANSWERS.has(code);
        // The message of an identity-web error is the IdP package's own words (what failed, what
        // to check); anything else's may quote what the IdP sent, so only its code is logged.
        const detail = isIdentityWebError(error) ? { detail: error.message } : {};
        (expected ? logger.debug : logger.warn).call(
          logger,
          { operation, ...named, code, ...detail },
          'identity-web: identity provider call failed',
        );
        await events.emit('idpCall', {
          operation,
          ...named,
          durationMs: performance.now() - started,
          outcome: 'error',
          code,
        });
        throw error;
      }
    };
  const observed: IdentityProvider = {
    issuer: idp.issuer,
    ...(idp.clientId !== undefined && { clientId: idp.clientId }),
    ...(idp.frameOrigin !== undefined && { frameOrigin: idp.frameOrigin }),
    authorizationUrl: timed('authorization-url', (r) => idp.authorizationUrl(r)),
    redeemCode: timed('redeem-code', (r) => idp.redeemCode(r)),
    acquireTokenSilent: timed('acquire-token-silent', (p, a, r) => idp.acquireTokenSilent(p, a, r)),
    endSessionUrl: timed('end-session-url', (r) => idp.endSessionUrl(r)),
    verifyLogoutToken: timed('verify-logout-token', (jwt) => idp.verifyLogoutToken(jwt)),
  };
  // Read at each use, as the original's are: optional capabilities and `responseMode` follow it.
  const forApp = timed('acquire-token-for-app', (p: string | null, r: SilentTokenRequest) =>
    idp.acquireTokenForApp!(p, r),
  );
  const revoke = timed('revoke', (p: string) => idp.revoke!(p));
  // A look into the partition, never a call to the IdP: nothing to time or count.
  const cachedToken: IdentityProvider['cachedToken'] = (p, a, r) => idp.cachedToken!(p, a, r);
  Object.defineProperties(observed, {
    responseMode: { get: () => idp.responseMode, enumerable: true },
    acquireTokenForApp: { get: () => (idp.acquireTokenForApp ? forApp : undefined), enumerable: true },
    revoke: { get: () => (idp.revoke ? revoke : undefined), enumerable: true },
    cachedToken: { get: () => (idp.cachedToken ? cachedToken : undefined), enumerable: true },
  });
  return observed;
}
