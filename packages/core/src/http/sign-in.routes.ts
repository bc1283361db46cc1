// The sign-in routes: `GET /sign-in` with its parameters checked, and the `/callback` that opens the session.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { type NamedProvider, Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import type { RecordCipher } from '../crypto/record-cipher.js';
import { ERROR_ANSWERS } from '../domain/error-answers.js';
import { badRequest, ErrorCode, isIdentityWebError } from '../domain/errors.js';
import { failureAnswerOf } from '../domain/failure-answer.js';
import type { Transaction } from '../domain/session.js';
import { mayRestartSignIn } from '../domain/sign-in-loop.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import { CompleteSignIn, SignInOvertaken } from '../use-cases/complete-sign-in.js';
import { StartSignIn } from '../use-cases/start-sign-in.js';
import type { SessionListing } from '../use-cases/user-sessions.js';
import { readForm, single } from './form.js';
import { renderPage } from './pages.js';
import { isScriptCall } from './request-kind.js';
import { errorResult, html, redirect, retryHeaders } from './responses.js';
import { validateReturnTo } from './return-to.js';
import { SessionCookie } from './session-cookie.js';
import { SignInCookies } from './sign-in-cookies.js';
import type { CookieToSet, HttpRequest, HttpResult } from './types.js';

const PROMPTS = new Set(['login', 'none', 'consent', 'select_account', 'create']);
/** Bounds on what a sign-in request may carry; each one answers a 400 that names it. */
export const SIGN_IN_LIMITS = { scopes: 30, scopeLength: 256, claimsBytes: 2048, hintLength: 512 } as const;

/** `GET /sign-in` and `GET|POST /callback`. */
@injectable()
export class SignInRoutes {
  private readonly cookies: SignInCookies;

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.TransactionCipher) cipher: RecordCipher,
    @inject(StartSignIn) private readonly start: StartSignIn,
    @inject(CompleteSignIn) private readonly complete: CompleteSignIn,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(DI_KEYS.SessionList) private readonly sessionList: SessionListing,
  ) {
    this.cookies = new SignInCookies(settings, cipher, providers);
  }

  async signIn(req: HttpRequest): Promise<HttpResult> {
    const q = req.url.searchParams;
    const returnTo = validateReturnTo(single(q, 'returnTo'), this.settings.origin);
    const prompt = single(q, 'prompt');
    if (prompt !== null && !PROMPTS.has(prompt)) throw badRequest(ErrorCode.InvalidRequest, 'unknown "prompt" value');
    const claims = single(q, 'claims');
    if (claims !== null) checkClaims(claims);
    const scope = single(q, 'scope');
    const scopes = scope === null ? undefined : checkScopes(scope);
    const stepUp = checkStepUp(single(q, 'acr_values'), single(q, 'max_age'));
    const asksMore = scopes !== undefined || claims !== null || Object.keys(stepUp).length > 0;
    const provider = await this.providerFor(req, asksMore);
    if (provider === null) return this.chooser(req);
    const slot = await this.cookies.slotFor(req);
    const previous = await this.sessionCookie.id(req);
    const { url, transaction } = await this.start.execute({
      provider,
      returnTo,
      statePrefix: String(slot),
      ...(previous !== null && { previousSessionId: previous }),
      ...(scopes !== undefined && { scopes }),
      ...(prompt !== null && { prompt }),
      ...(claims !== null && { claims }),
      ...stepUp,
      ...hint('loginHint', single(q, 'login_hint')),
      ...hint('domainHint', single(q, 'domain_hint')),
    });
    return redirect(url.href, 302, [await this.cookies.write(slot, transaction)]);
  }

  /**
   * The provider a sign-in goes to: the single one; else the one `provider` names, or — for a
   * sign-in that asks for more (`scope`, `claims`: a consent or step-up challenge) — the one of
   * the browser's session. `null`: the browser chooses.
   */
  private async providerFor(req: HttpRequest, asksForMore: boolean): Promise<NamedProvider | null> {
    if (!this.providers.several) return this.providers.first;
    const name = single(req.url.searchParams, 'provider');
    if (name !== null) {
      const named = this.providers.named(name);
      if (named === undefined) {
        throw badRequest(ErrorCode.InvalidRequest, 'the "provider" parameter names no configured identity provider');
      }
      return named;
    }
    const session = asksForMore ? await this.sessionCookie.read(req) : null;
    return (session && this.providers.ofKey(session.accountKey, session.issuer)) ?? null;
  }

  /** The `choose-provider` page: one sign-in link per provider, with this request's parameters. */
  private chooser(req: HttpRequest): HttpResult {
    const choices = this.providers.all.map(({ name }) => {
      const q = new URLSearchParams(req.url.searchParams);
      q.set('provider', name!);
      return { name: name!, href: `${this.settings.basePath}/sign-in?${q}` };
    });
    const page = renderPage(this.settings.renderPage, 'choose-provider', 200, 'Choose how to sign in.', { choices });
    return html(200, page);
  }

  /** @param via - the provider whose callback this is (`/callback/{name}`), with several. */
  async callback(req: HttpRequest, via?: string): Promise<HttpResult> {
    const params = req.method === 'POST' ? await readForm(req) : req.url.searchParams;
    const states = params.getAll('state');
    const { transaction, clear } = await this.cookies.take(req, states.length === 1 ? states[0]! : null);
    // The session cookie, when the callback is same-site; else (form_post, a cross-site POST that
    // carries no SameSite=Lax cookie) the session the browser had when the sign-in started.
    const previous = (await this.sessionCookie.id(req)) ?? transaction?.previousSessionId ?? null;
    try {
      const device = this.sessionList.device(req.header('user-agent'));
      const { session, returnTo } = await this.complete.execute(params, transaction, previous, device, via);
      // The callback URL holds a code: keep it out of Referer headers (RFC 9700 §4.2.4).
      return redirect(returnTo, 302, [...clear, await this.sessionCookie.issue(session)], {
        'referrer-policy': 'no-referrer',
      });
    } catch (error) {
      if (error instanceof SignInOvertaken && transaction !== null) {
        return this.restart(transaction, previous, clear);
      }
      // A refused callback (state, the provider's error, the ID token, UserInfo) is a 400 whose
      // page names the problem; its exact reason goes to the log once, as a warning.
      if (isIdentityWebError(error) && failureAnswerOf(error).expose) {
        this.logger.warn(
          { status: error.status, code: error.code, reason: error.message },
          'identity-web sign-in refused',
        );
      }
      // One attempt per transaction: a failed or replayed callback leaves nothing to retry with.
      const format = isScriptCall(req) ? 'json' : 'html';
      return { ...errorResult(error, this.logger, { format, render: this.settings.renderPage }), cookies: clear };
    }
  }

  /**
   * A logout of the same account overtook this sign-in (nothing of it was kept): the browser
   * goes straight back to the provider with a new transaction for the same `returnTo` and
   * scopes, in the same slot. Once per loop window (`mayRestartSignIn`); overtaken again, the
   * user gets a 503 page with `Retry-After` and a link that starts the sign-in anew.
   */
  private async restart(overtaken: Transaction, previous: string | null, clear: CookieToSet[]): Promise<HttpResult> {
    const now = this.clock.now();
    const slot = overtaken.state.charAt(0);
    if (!mayRestartSignIn(overtaken, now)) {
      this.logger.warn(
        { code: ErrorCode.StoreConflict },
        'identity-web sign-in overtaken by a logout again: not restarted',
      );
      const signInAgainUrl = `${this.settings.basePath}/sign-in?returnTo=${encodeURIComponent(overtaken.returnTo)}`;
      const message = 'You were signed out while signing in. Please sign in again.';
      const answer = ERROR_ANSWERS[ErrorCode.StoreConflict];
      const page = renderPage(this.settings.renderPage, 'server-error', answer.status, message, {
        signInAgainUrl,
      });
      return html(answer.status, page, clear, retryHeaders(answer));
    }
    this.logger.warn({ code: ErrorCode.StoreConflict }, 'identity-web sign-in overtaken by a logout: started again');
    const { url, transaction } = await this.start.execute({
      provider: this.providers.named(overtaken.provider)!, // checked by the overtaken sign-in
      returnTo: overtaken.returnTo,
      statePrefix: slot,
      scopes: overtaken.scopes,
      ...overtaken.stepUp,
      restartedAt: now,
      ...(previous !== null && { previousSessionId: previous }),
    });
    // The new transaction takes the overtaken one's slot: its cookie replaces the one cleared.
    return redirect(url.href, 302, [await this.cookies.write(Number(slot), transaction)], {
      'referrer-policy': 'no-referrer',
    });
  }
}

function hint<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  if (value !== null && value.length > SIGN_IN_LIMITS.hintLength) {
    throw badRequest(ErrorCode.InvalidRequest, `a sign-in hint is longer than ${SIGN_IN_LIMITS.hintLength} characters`);
  }
  return (value === null ? {} : { [key]: value }) as { [P in K]?: string };
}

function checkScopes(scope: string): string[] {
  const scopes = scope.split(' ').filter((s) => s !== '');
  if (scopes.length > SIGN_IN_LIMITS.scopes) {
    throw badRequest(ErrorCode.InvalidRequest, `"scope" lists more than ${SIGN_IN_LIMITS.scopes} scopes`);
  }
  if (scopes.some((s) => s.length > SIGN_IN_LIMITS.scopeLength)) {
    throw badRequest(
      ErrorCode.InvalidRequest,
      `"scope" has a scope longer than ${SIGN_IN_LIMITS.scopeLength} characters`,
    );
  }
  return scopes;
}

/**
 * RFC 9470 §4 (OpenID Connect Core 1.0 §3.1.2.1): the `acr_values` and `max_age` a step-up asks
 * the provider for: 1 to 10 space-separated values of printable characters, and a whole number
 * of seconds.
 */
function checkStepUp(acrValues: string | null, maxAge: string | null): { acrValues?: string[]; maxAge?: number } {
  const step: { acrValues?: string[]; maxAge?: number } = {};
  if (acrValues !== null) {
    const values = acrValues.split(' ').filter((value) => value !== '');
    const printable = values.every((value) => /^[\x21-\x7e]{1,256}$/.test(value));
    if (values.length === 0 || values.length > 10 || !printable) {
      throw badRequest(ErrorCode.InvalidRequest, '"acr_values" must be 1 to 10 space-separated values');
    }
    step.acrValues = values;
  }
  if (maxAge !== null) {
    if (!/^\d{1,9}$/.test(maxAge))
      throw badRequest(ErrorCode.InvalidRequest, '"max_age" must be a whole number of seconds');
    step.maxAge = Number(maxAge);
  }
  return step;
}

function checkClaims(claims: string): void {
  if (new TextEncoder().encode(claims).byteLength > SIGN_IN_LIMITS.claimsBytes) {
    throw badRequest(ErrorCode.InvalidRequest, `"claims" is larger than ${SIGN_IN_LIMITS.claimsBytes} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(claims);
  } catch {
    value = null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(ErrorCode.InvalidRequest, '"claims" must be a JSON object');
  }
}
