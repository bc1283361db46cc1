import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import type { CookieSigner } from '../crypto/cookie-signer.js';
import { timingSafeEqual } from '../crypto/encoding.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { SignOut } from '../use-cases/sign-out.js';
import { clearCookie, setCookie } from './cookies.js';
import { readForm, single } from './form.js';
import { page } from './pages.js';
import { html, redirect } from './responses.js';
import { validateReturnTo } from './return-to.js';
import { SessionCookie } from './session-cookie.js';
import type { HttpRequest, HttpResult } from './types.js';

const LOGOUT_STATE_SECONDS = 10 * 60;

/** `POST /sign-out` (CSRF-checked) and `GET /signed-out`. */
@injectable()
export class SignOutRoutes {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.CookieSigner) private readonly signer: CookieSigner,
    @inject(SignOut) private readonly signOutUseCase: SignOut,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
  ) {}

  async signOut(req: HttpRequest): Promise<HttpResult> {
    // A cross-site form post names its own origin; refuse it before reading anything else.
    const origin = req.header('origin');
    if (origin !== undefined && origin !== this.settings.origin)
      throw csrf('the sign-out request came from another site');
    const form = await readForm(req);
    const session = await this.sessionCookie.read(req);
    if (session) {
      const proof = single(form, 'csrf') ?? req.header('x-csrf-token') ?? '';
      if (!timingSafeEqual(proof, session.csrfToken)) throw csrf('the sign-out request lacks a valid CSRF token');
    }
    const returnTo = validateReturnTo(single(form, 'returnTo'), this.settings.origin);
    const result = await this.signOutUseCase.execute(session?.id ?? null);
    const name = this.settings.cookies.logout;
    // Binds the post-logout `state` to this browser; it outlives the local session (RP-Initiated Logout §2).
    const stateCookie = setCookie(
      this.settings,
      name,
      await this.signer.sign(name, `${result.state}|${returnTo}`),
      LOGOUT_STATE_SECONDS,
    );
    const target =
      result.endSessionUrl?.href ?? `${this.settings.basePath}/signed-out?state=${encodeURIComponent(result.state)}`;
    return redirect(target, 303, [this.sessionCookie.clear(), stateCookie]);
  }

  async signedOut(req: HttpRequest): Promise<HttpResult> {
    const name = this.settings.cookies.logout;
    const bound = await this.signer.verify(name, req.cookie(name));
    const state = req.url.searchParams.get('state');
    const cookies = [clearCookie(this.settings, name)];
    const separator = bound?.indexOf('|') ?? -1;
    // Only a state that matches this browser's cookie may pick the destination; otherwise a
    // generic page (conformance tests rp-init-logout-other-state / -no-state).
    if (bound && state && separator > 0 && timingSafeEqual(bound.slice(0, separator), state)) {
      const returnTo = validateReturnTo(bound.slice(separator + 1), this.settings.origin);
      return redirect(returnTo, 303, cookies);
    }
    return html(200, page('Signed out', 'You have been signed out.'), cookies);
  }
}

function csrf(message: string): IdentityWebError {
  return new IdentityWebError(ErrorCode.CsrfFailed, message, { status: 403, expose: true });
}
