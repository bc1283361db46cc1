// Wraps the identity-provider port so every call is timed and counted and every failure logged by its code.
import { isIdentityWebError } from '../domain/errors.js';
import type { IdpOperation } from '../domain/events.js';
import { decoratePort } from '../ports/decorate-port.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
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
 * its message, which may quote what the IdP sent. The calls themselves pass through unchanged,
 * and every other member of the port too.
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
  // Optional capabilities are timed only where the provider has them (decoratePort); a look into
  // the partition (`cachedToken`) is never a call to the IdP: nothing to time, it passes through.
  return decoratePort(idp, {
    authorizationUrl: timed('authorization-url', (r) => idp.authorizationUrl(r)),
    redeemCode: timed('redeem-code', (r) => idp.redeemCode(r)),
    acquireTokenSilent: timed('acquire-token-silent', (p, a, r) => idp.acquireTokenSilent(p, a, r)),
    endSessionUrl: timed('end-session-url', (r) => idp.endSessionUrl(r)),
    verifyLogoutToken: timed('verify-logout-token', (jwt) => idp.verifyLogoutToken(jwt)),
    acquireTokenForApp: timed('acquire-token-for-app', (p, r) => idp.acquireTokenForApp!(p, r)),
    revoke: timed('revoke', (p) => idp.revoke!(p)),
  });
}
