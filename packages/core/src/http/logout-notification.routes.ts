// The identity provider's logout notifications: `GET /front-channel-logout` and `POST /back-channel-logout`.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { type NamedProvider, Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { isIdentityWebError } from '../domain/errors.js';
import { LOGOUT_REFUSAL_REASONS, type LogoutChannel, type LogoutRefusalReason } from '../domain/events.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { Logger } from '../ports/logger.port.js';
import { claimedProvider } from '../use-cases/claimed-provider.js';
import { HandleBackChannelLogout } from '../use-cases/handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from '../use-cases/handle-front-channel-logout.js';
import { backChannelLogoutAnswer } from './back-channel-logout-answer.js';
import { renderPage } from './pages.js';
import { html } from './responses.js';
import { SessionCookie } from './session-cookie.js';
import type { HttpRequest, HttpResult } from './types.js';

/** The IdP's logout notifications: `GET /front-channel-logout`, `POST /back-channel-logout`. */
@injectable()
export class LogoutNotificationRoutes {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(HandleFrontChannelLogout) private readonly frontChannel: HandleFrontChannelLogout,
    @inject(HandleBackChannelLogout) private readonly backChannel: HandleBackChannelLogout,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
  ) {}

  async frontChannelLogout(req: HttpRequest): Promise<HttpResult> {
    const q = req.url.searchParams;
    const cookieSession = await this.sessionCookie.read(req);
    const outcome = await this.frontChannel.execute({
      iss: q.getAll('iss'),
      sid: q.getAll('sid'),
      provider: q.getAll('provider'),
      cookieSession: cookieSession && {
        id: cookieSession.id,
        accountKey: cookieSession.accountKey,
        issuer: cookieSession.issuer,
      },
    });
    if ('refused' in outcome) {
      await this.refused('front-channel', outcome.refused, FRONT_CHANNEL_DETAIL[outcome.refused], outcome.provider);
    }
    // A session that ended is gone from the store; the cookie that named it goes too.
    const stillLive = cookieSession !== null && (await this.sessionCookie.read(req)) !== null;
    const cookies = cookieSession !== null && !stillLive ? [this.sessionCookie.clear()] : [];
    // Rendered inside the IdP's iframe (FCL §2): frameable by the IdPs only; the same answer
    // whether or not a session existed, so the endpoint reveals nothing.
    const origins = this.providers.all.map(({ idp }) => idp.frameOrigin ?? new URL(idp.issuer).origin);
    const ancestors = ["'self'", ...new Set(origins)].join(' ');
    return html(200, renderPage(this.settings.renderPage, 'signed-out', 200, 'You have been signed out.'), cookies, {
      'content-security-policy': `frame-ancestors ${ancestors}`,
    });
  }

  backChannelLogout(req: HttpRequest): Promise<HttpResult> {
    return backChannelLogoutAnswer(
      req,
      (token) => this.backChannel.execute(token),
      (error, token) => {
        const known = isIdentityWebError(error);
        const reason = LOGOUT_REFUSAL_REASONS.find((r) => known && r === error.code) ?? 'internal_error';
        // Only identity-web's own messages, which never quote the token; anything else is named by its type.
        const detail = known ? error.message : 'the request failed unexpectedly';
        const provider = token === undefined ? undefined : claimedProvider(this.providers, token);
        return this.refused('back-channel', reason, detail, provider);
      },
      this.logger,
    );
  }

  /** The `logoutRefused` event, which the instance logs at warn and counts. */
  private refused(
    channel: LogoutChannel,
    reason: LogoutRefusalReason,
    detail: string,
    provider: NamedProvider | undefined = this.providers.several ? undefined : this.providers.first,
  ): Promise<void> {
    return this.events.emit('logoutRefused', {
      channel,
      reason,
      issuer: provider?.idp.issuer ?? '',
      ...(provider?.name !== undefined && { provider: provider.name }),
      detail,
    });
  }
}

const FRONT_CHANNEL_DETAIL = {
  invalid_request: 'a repeated "iss" or "sid", or "iss" without "sid"',
  wrong_issuer: '"iss" is not the issuer of a configured provider, or "provider" names none (or another)',
  provider_not_named: 'with several identity providers, neither "iss" nor "provider" says which one',
  no_session_named: 'neither "iss" nor "sid" was sent (see frontChannelLogout.cookieFallback)',
} as const;
