// The session list's route: `POST /sign-out-session`, CSRF-checked, ends one of the user's sessions.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { EndUserSession } from '../use-cases/end-user-session.js';
import { sessionHandle } from '../use-cases/user-sessions.js';
import { single } from './form.js';
import { redirect } from './responses.js';
import { validateReturnTo } from './return-to.js';
import { SessionCookie } from './session-cookie.js';
import { checkedSignOutPost } from './sign-out.routes.js';
import type { HttpRequest, HttpResult } from './types.js';

/** `POST /sign-out-session`: served with `session.list` only (../session-list.ts). */
@injectable()
export class SignOutSessionRoutes {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
    @inject(EndUserSession) private readonly endUserSession: EndUserSession,
  ) {}

  /**
   * Ends one session of the signed-in user (form field `session`: an id from `auth.sessions()`)
   * and goes back to `returnTo` (a same-origin path; `/` by default). The same checks as
   * `/sign-out`: a foreign `Origin` is refused, and the form must echo the session's CSRF token.
   * Ending this browser's own session also clears its cookie; the provider's session stays.
   */
  async signOutSession(req: HttpRequest): Promise<HttpResult> {
    const what = 'request to end a session';
    const { form, session } = await checkedSignOutPost(req, this.settings, this.sessionCookie, what);
    if (session === null) throw new IdentityWebError(ErrorCode.NotAuthenticated, 'no user is signed in');
    const returnTo = validateReturnTo(single(form, 'returnTo'), this.settings.origin);
    const handle = single(form, 'session') ?? '';
    const user = { issuer: session.issuer, subject: session.account.subject };
    const own = handle !== '' && handle === (await sessionHandle(session.id));
    await this.endUserSession.execute(user, handle, 'sign-out');
    return redirect(returnTo, 303, own ? [this.sessionCookie.clear()] : []);
  }
}
