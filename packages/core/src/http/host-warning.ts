// The Host-vs-`baseUrl` warning: one log line that explains a sign-in that cannot end because
// the browser reached the app on another host than the one the provider sends it back to.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../ports/logger.port.js';
import type { HttpRequest } from './types.js';

/**
 * A browser that reaches the app on another host or port than `baseUrl` names is sent back
 * by the provider to `baseUrl`, where the app may not listen (a refused connection) and where
 * the sign-in cookie set here is not sent (cookies are kept per host): a sign-in that cannot
 * end. Nothing is decided from the request's Host (a client sets it); it only explains, and
 * the host it names stays a field, out of the message. Once per instance at most.
 */
@injectable()
export class HostWarning {
  private warned = false;

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
  ) {}

  /** Checks a sign-in or callback request's host against `baseUrl`, until one differs. */
  check(req: HttpRequest): void {
    if (this.warned) return;
    const host = (req.header('x-forwarded-host') ?? req.header('host'))?.split(',')[0]?.trim();
    if (host === undefined || host === '' || sameHost(host, this.settings.baseUrl)) return;
    this.warned = true;
    const { origin } = this.settings;
    try {
      this.logger.warn(
        { requestHost: host.slice(0, 255), baseUrl: origin },
        `identity-web: a sign-in request came to another host than baseUrl (${origin}): the provider sends the browser back to baseUrl, where this app may not be listening, and the sign-in cookie set on the request's host is not sent there. Set baseUrl to the origin browsers use (host and port); behind a proxy that rewrites Host, forward it (Host or X-Forwarded-Host)`,
      );
    } catch {
      // A logger that fails must not fail the sign-in it only comments on.
    }
  }
}

/** A Host header and `baseUrl` name one host and port (default ports, IPv6 forms and case aside). */
function sameHost(host: string, baseUrl: URL): boolean {
  if (!URL.canParse(`${baseUrl.protocol}//${host}`)) return false;
  const parsed = new URL(`${baseUrl.protocol}//${host}`);
  return parsed.host === baseUrl.host && parsed.pathname === '/' && parsed.username === '';
}
