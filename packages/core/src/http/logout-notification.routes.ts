import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import { badRequest, ErrorCode } from '../domain/errors.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { Logger } from '../ports/logger.port.js';
import { HandleBackChannelLogout } from '../use-cases/handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from '../use-cases/handle-front-channel-logout.js';
import { readForm, single } from './form.js';
import { renderPage } from './pages.js';
import { errorResult, html } from './responses.js';
import { SessionCookie } from './session-cookie.js';
import type { HttpRequest, HttpResult } from './types.js';

/** The IdP's logout notifications: `GET /front-channel-logout`, `POST /back-channel-logout`. */
@injectable()
export class LogoutNotificationRoutes {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(HandleFrontChannelLogout) private readonly frontChannel: HandleFrontChannelLogout,
    @inject(HandleBackChannelLogout) private readonly backChannel: HandleBackChannelLogout,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
  ) {}

  async frontChannelLogout(req: HttpRequest): Promise<HttpResult> {
    const q = req.url.searchParams;
    // A repeated parameter is as malformed as a missing one: ignore the request.
    const iss = q.getAll('iss');
    const sid = q.getAll('sid');
    const cookieSession = await this.sessionCookie.read(req);
    if (iss.length <= 1 && sid.length <= 1) {
      await this.frontChannel.execute({
        iss: iss[0] ?? null,
        sid: sid[0] ?? null,
        cookieSession: cookieSession && { id: cookieSession.id, accountKey: cookieSession.accountKey },
      });
    }
    // A session that ended is gone from the store; the cookie that named it goes too.
    const stillLive = cookieSession !== null && (await this.sessionCookie.read(req)) !== null;
    const cookies = cookieSession !== null && !stillLive ? [this.sessionCookie.clear()] : [];
    // Rendered inside the IdP's iframe (FCL §2): frameable by the IdP only; the same answer
    // whether or not a session existed, so the endpoint reveals nothing.
    const ancestors = ["'self'", this.idp.frameOrigin ?? new URL(this.idp.issuer).origin].join(' ');
    return html(200, renderPage(this.settings.renderPage, 'signed-out', 200, 'You have been signed out.'), cookies, {
      'content-security-policy': `frame-ancestors ${ancestors}`,
    });
  }

  async backChannelLogout(req: HttpRequest): Promise<HttpResult> {
    try {
      const form = await readForm(req);
      const token = single(form, 'logout_token');
      if (!token) throw badRequest(ErrorCode.InvalidRequest, '"logout_token" is missing');
      await this.backChannel.execute(token);
      // BCL §2.8: 200 on success, including sessions that were already gone.
      return { status: 200, headers: { 'cache-control': 'no-store' }, cookies: [], body: '' };
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      this.logger.debug({ code, reason: String(message) }, 'identity-web: back-channel logout refused');
      return errorResult(error, this.logger, { format: 'json' });
    }
  }
}
