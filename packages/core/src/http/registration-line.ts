// The URIs to register at each identity provider, logged once per instance at creation: the
// callback, signed-out and logout routes the auth router serves, as absolute URIs under `baseUrl`.
import type { NamedProvider } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { URIS_TO_REGISTER } from '../observability/console-logger.js';
import type { Logger } from '../ports/logger.port.js';

/**
 * The line of one provider: its redirect URI (`/callback`, or `/callback/<name>` with several),
 * the post-logout redirect URI, and the logout URIs that are on. With several providers the
 * front-channel URI names the provider (`?provider=<name>`), which a provider that sends `sid`
 * without `iss` needs (Microsoft Entra ID) and every other one accepts. With Shared Signals push
 * delivery, the line of the provider the transmitter speaks for names the stream's push endpoint.
 */
export function registrationLine(settings: Settings, provider: NamedProvider): string {
  const base = `${settings.origin}${settings.basePath}`;
  const uris = [`redirect URI ${provider.redirectUri}`, `post-logout redirect URI ${settings.postLogoutRedirectUri}`];
  if (settings.frontChannel.enabled) {
    const query = provider.name === undefined ? '' : `?provider=${provider.name}`;
    uris.push(`front-channel logout URI ${base}/front-channel-logout${query}`);
  }
  if (settings.backChannel.enabled) uris.push(`back-channel logout URI ${base}/back-channel-logout`);
  const signals = settings.sharedSignals;
  if (signals?.delivery === 'push' && signals.provider === provider.name) {
    uris.push(`security event push endpoint ${base}/security-events`);
  }
  const which = provider.name === undefined ? '' : ` "${provider.name}"`;
  return `identity-web: register at the identity provider${which} (${provider.idp.issuer}): ${uris.join('; ')}`;
}

/** One `info` line per provider, in the order of `identityProviders`; a logger that throws is ignored. */
export function logUrisToRegister(settings: Settings, providers: readonly NamedProvider[], logger: Logger): void {
  for (const provider of providers) {
    const fields = { event: URIS_TO_REGISTER, ...(provider.name === undefined ? {} : { provider: provider.name }) };
    try {
      logger.info(fields, registrationLine(settings, provider));
    } catch {
      // A logger that fails must not fail the creation it only comments on.
    }
  }
}
