import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import type { Session } from '../domain/session.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import { EndSession } from './end-session.js';

export interface FrontChannelLogoutRequest {
  readonly iss: string | null;
  readonly sid: string | null;
  /** The session of the cookie, if the iframe carried one; used only when `sid` is absent. */
  readonly cookieSessionId: string | null;
}

/**
 * OIDC Front-Channel Logout 1.0 §2. Sessions are found by (iss, sid) server-side, because
 * the IdP's iframe is third-party and often carries no cookie at all (§4.1). Returns the
 * number of sessions ended; the HTTP answer never reveals it.
 */
@injectable()
export class HandleFrontChannelLogout {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.SessionStore) private readonly sessions: SessionStore,
    @inject(EndSession) private readonly endSession: EndSession,
  ) {}

  async execute(request: FrontChannelLogoutRequest): Promise<Session[]> {
    let ids: string[];
    if (request.sid !== null) {
      // Entra sends only `sid`: then the configured issuer is meant.
      const issuer = request.iss ?? this.idp.issuer;
      if (issuer !== this.idp.issuer) return [];
      ids = await this.sessions.findSessionIdsBySid(issuer, request.sid);
    } else if (request.iss !== null) {
      return []; // §2: iss without sid breaks the OP's MUST; ignore.
    } else {
      if (this.settings.frontChannel.sessionRequired || request.cookieSessionId === null) return [];
      ids = [request.cookieSessionId];
    }
    const ended: Session[] = [];
    for (const id of ids) {
      const session = await this.endSession.execute(id, 'front-channel');
      if (session) ended.push(session);
    }
    return ended;
  }
}
