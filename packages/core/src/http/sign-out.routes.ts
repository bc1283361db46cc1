// The sign-out routes: `POST /sign-out`, CSRF-checked, and `GET /signed-out`.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import { timingSafeEqual } from '../crypto/encoding.js';
import type { RecordCipher } from '../crypto/record-cipher.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { Session } from '../domain/session.js';
import { SignOut } from '../use-cases/sign-out.js';
import { clearCookie, setCookie } from './cookies.js';
import { readForm, single } from './form.js';
import { renderPage } from './pages.js';
import { html, redirect } from './responses.js';
import { validateReturnTo } from './return-to.js';
import { SessionCookie } from './session-cookie.js';
import type { HttpRequest, HttpResult } from './types.js';

const LOGOUT_STATE_SECONDS = 10 * 60;

interface LogoutState {
  readonly state: string;
  readonly returnTo: string;
}

/** `POST /sign-out` (CSRF-checked) and `GET /signed-out`; the session list's `POST /sign-out-session` is ./sign-out-session.routes.ts. */
@injectable()
export class SignOutRoutes {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.TransactionCipher) private readonly cipher: RecordCipher,
    @inject(SignOut) private readonly signOutUseCase: SignOut,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
  ) {}

  async signOut(req: HttpRequest): Promise<HttpResult> {
    const { form, session } = await checkedSignOutPost(req, this.settings, this.sessionCookie, 'sign-out request');
    const returnTo = validateReturnTo(single(form, 'returnTo'), this.settings.origin);
    const result = await this.signOutUseCase.execute(session);
    const name = this.settings.cookies.signOut;
    // Binds the post-logout `state` to this browser; it outlives the local session (RP-Initiated
    // Logout 1.0 §2). Sealed, so whatever `returnTo` holds, the cookie value is plain base64url.
    const logoutState: LogoutState = { state: result.state, returnTo };
    const stateCookie = setCookie(
      this.settings,
      name,
      await this.cipher.seal(name, JSON.stringify(logoutState)),
      LOGOUT_STATE_SECONDS,
    );
    const target =
      result.endSessionUrl?.href ?? `${this.settings.basePath}/signed-out?state=${encodeURIComponent(result.state)}`;
    return redirect(target, 303, [this.sessionCookie.clear(), stateCookie]);
  }

  async signedOut(req: HttpRequest): Promise<HttpResult> {
    const name = this.settings.cookies.signOut;
    const json = await this.cipher.openOrNull(name, req.cookie(name));
    const bound = json === null ? null : (JSON.parse(json) as LogoutState);
    const states = req.url.searchParams.getAll('state');
    const cookies = [clearCookie(this.settings, name)];
    // Only a state that matches this browser's cookie may pick the destination; otherwise a
    // generic page (conformance tests rp-init-logout-other-state / -no-state).
    if (bound && states.length === 1 && timingSafeEqual(bound.state, states[0]!)) {
      return redirect(validateReturnTo(bound.returnTo, this.settings.origin), 303, cookies);
    }
    return html(200, renderPage(this.settings.renderPage, 'signed-out', 200, 'You have been signed out.'), cookies);
  }
}

/**
 * The checks of a post that signs out (`/sign-out`, `/sign-out-session`): a cross-site form post
 * names its own origin, refused before anything else is read; then the form, and with a session the
 * session's CSRF token echoed in it (field `csrf`, or the `X-CSRF-Token` header). `what` names the
 * request in the refusals.
 */
export async function checkedSignOutPost(
  req: HttpRequest,
  settings: Settings,
  sessionCookie: SessionCookie,
  what: string,
): Promise<{ form: URLSearchParams; session: Session | null }> {
  const origin = req.header('origin');
  if (origin !== undefined && origin !== settings.origin) throw csrf(`the ${what} came from another site`);
  const form = await readForm(req);
  const session = await sessionCookie.read(req);
  if (session) {
    const proof = single(form, 'csrf') ?? req.header('x-csrf-token') ?? '';
    if (!timingSafeEqual(proof, session.csrfToken)) throw csrf(missingToken(what, req.url.pathname));
  }
  return { form, session };
}

/** What a post without the session's CSRF token is told: the field, and the form that sends it. */
function missingToken(what: string, path: string): string {
  return `the ${what} lacks a valid CSRF token: post the form field "csrf" set to the auth context's csrfToken (or send it in the X-CSRF-Token header), as <form method="post" action="${path}"><input type="hidden" name="csrf" value="…"> does`;
}

export function csrf(message: string): IdentityWebError {
  return new IdentityWebError(ErrorCode.CsrfFailed, message);
}
