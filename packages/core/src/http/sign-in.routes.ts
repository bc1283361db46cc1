import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import type { CookieSigner } from '../crypto/cookie-signer.js';
import { randomId } from '../crypto/random.js';
import { badRequest, ErrorCode } from '../domain/errors.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import { CompleteSignIn } from '../use-cases/complete-sign-in.js';
import { StartSignIn } from '../use-cases/start-sign-in.js';
import { setCookie } from './cookies.js';
import { readForm, single } from './form.js';
import { redirect } from './responses.js';
import { validateReturnTo } from './return-to.js';
import { SessionCookie } from './session-cookie.js';
import type { HttpRequest, HttpResult } from './types.js';

const PROMPTS = new Set(['login', 'none', 'consent', 'select_account', 'create']);

/** `GET /sign-in` and `GET|POST /callback`. */
@injectable()
export class SignInRoutes {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.CookieSigner) private readonly signer: CookieSigner,
    @inject(StartSignIn) private readonly start: StartSignIn,
    @inject(CompleteSignIn) private readonly complete: CompleteSignIn,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
  ) {}

  async signIn(req: HttpRequest): Promise<HttpResult> {
    const q = req.url.searchParams;
    const returnTo = validateReturnTo(single(q, 'returnTo'), this.settings.origin);
    const prompt = single(q, 'prompt');
    if (prompt !== null && !PROMPTS.has(prompt)) throw badRequest(ErrorCode.InvalidRequest, 'unknown "prompt" value');
    const claims = single(q, 'claims');
    if (claims !== null && !isJsonObject(claims))
      throw badRequest(ErrorCode.InvalidRequest, '"claims" must be a JSON object');
    // One binding per browser, shared by parallel tabs; each tab's transaction has its own state.
    const name = this.settings.cookies.binding;
    const binding = (await this.signer.verify(name, req.cookie(name))) ?? randomId();
    const scope = single(q, 'scope');
    const url = await this.start.execute({
      returnTo,
      browserBinding: binding,
      ...(scope !== null && { scopes: scope.split(' ') }),
      ...(prompt !== null && { prompt }),
      ...(claims !== null && { claims }),
      ...optional('loginHint', single(q, 'login_hint')),
      ...optional('domainHint', single(q, 'domain_hint')),
    });
    const cookie = setCookie(
      this.settings,
      name,
      await this.signer.sign(name, binding),
      this.settings.signInTtlSeconds,
      this.bindingSameSite(),
    );
    return redirect(url.href, 302, [cookie]);
  }

  async callback(req: HttpRequest): Promise<HttpResult> {
    const params = req.method === 'POST' ? await readForm(req) : req.url.searchParams;
    const name = this.settings.cookies.binding;
    const binding = await this.signer.verify(name, req.cookie(name));
    const previous = await this.sessionCookie.id(req);
    const { session, returnTo } = await this.complete.execute(params, binding, previous);
    // The callback URL holds a code: keep it out of Referer headers (RFC 9700 §4.2.4).
    return redirect(returnTo, 302, [await this.sessionCookie.issue(session)], { 'referrer-policy': 'no-referrer' });
  }

  private bindingSameSite() {
    // form_post arrives as a cross-site POST, which carries only SameSite=None cookies.
    return this.idp.responseMode === 'form_post' ? 'None' : 'Lax';
  }
}

function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: string };
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
