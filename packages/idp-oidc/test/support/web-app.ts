// A web app of identity-web on a real oidc-provider, driven through its HTTP surface as a browser
// would: sign-in, callback and sign-out with a cookie jar, no framework in between.
import { createIdentityWeb, type IdentityWebOptions, type Logger } from '@identity-web/core';
import { type HttpResult, WebHttpRequest } from '@identity-web/core/adapter';
import { createOidcProvider } from '@identity-web/oidc';
import { Browser } from './browser.js';
import { RP, type RunningOp } from './oidc-provider-server.js';

/** The app's origin and base path: its redirect and post-logout URIs are the RP client's. */
const ORIGIN = 'http://127.0.0.1';
const BASE_PATH = '/rp/auth';

export interface WebApp {
  readonly identity: ReturnType<typeof createIdentityWeb>;
  /** The refresh tokens the provider issued at each sign-in, in order. */
  readonly refreshTokens: string[];
  /** The app's warnings: message and fields. */
  readonly warnings: Array<{ message: string; fields: Record<string, unknown> }>;
  /** A browser of the app: its own cookie jar, here and at the provider. */
  browser(): AppBrowser;
}

/** The app on `op`, with `options` on top (`revokeOnRemove`, say); `timeoutMs`: the provider's HTTP time limit. */
export function webAppOn(op: RunningOp, options: Partial<IdentityWebOptions> = {}, timeoutMs = 5_000): WebApp {
  const idp = createOidcProvider({
    issuer: op.issuer,
    clientId: RP.clientId,
    clientSecret: RP.clientSecret,
    allowInsecureRequests: true,
    timeoutMs,
  });
  const refreshTokens: string[] = [];
  const redeem = idp.redeemCode.bind(idp);
  idp.redeemCode = async (redemption) => {
    const result = await redeem(redemption);
    refreshTokens.push((JSON.parse(result.partition) as { rt: string }).rt);
    return result;
  };
  const warnings: WebApp['warnings'] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (fields, message) => void warnings.push({ message, fields }),
    error() {},
  };
  const identity = createIdentityWeb({
    identityProvider: idp,
    baseUrl: ORIGIN,
    basePath: BASE_PATH,
    secret: 'an-integration-test-secret-long-enough-0123456789',
    scopes: ['openid', 'offline_access'],
    logger,
    ...options,
  });
  return { identity, refreshTokens, warnings, browser: () => new AppBrowser(identity) };
}

export class AppBrowser {
  readonly #cookies = new Map<string, string>();
  readonly #atProvider = new Browser();

  constructor(private readonly identity: WebApp['identity']) {}

  /** One request to the app's auth routes, its cookies kept. */
  async send(method: string, path: string, form?: URLSearchParams): Promise<HttpResult> {
    const result = await this.identity.http.handle(this.request(method, path, form));
    if (result === null) throw new Error(`${path} is no auth route`);
    for (const { name, value, options } of result.cookies) {
      if (options.maxAge === 0) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return result;
  }

  /** Signs in at the provider as `login` (consenting, so a refresh token is issued). */
  async signIn(login: string): Promise<void> {
    const start = await this.send('GET', `${BASE_PATH}/sign-in?prompt=consent`);
    const params = await this.#atProvider.authorize(
      new URL(start.headers.location ?? ''),
      `${ORIGIN}${BASE_PATH}/callback`,
      login,
    );
    const callback = await this.send('GET', `${BASE_PATH}/callback?${params}`);
    if (callback.status !== 303 && callback.status !== 302) throw new Error(`callback answered ${callback.status}`);
  }

  /** The auth context of a request of this browser to the app's home page. */
  async auth() {
    return this.identity.http.context(this.request('GET', '/'));
  }

  /** Posts the sign-out form with the session's CSRF token. */
  async signOut(): Promise<HttpResult> {
    const auth = await this.auth();
    if (!auth.isAuthenticated) throw new Error('not signed in');
    return this.send('POST', `${BASE_PATH}/sign-out`, new URLSearchParams({ csrf: auth.csrfToken }));
  }

  private request(method: string, path: string, form?: URLSearchParams) {
    const headers = new Headers();
    if (this.#cookies.size > 0) headers.set('cookie', [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
    const request = new Request(`${ORIGIN}${path}`, { method, headers, ...(form && { body: form }) });
    return new WebHttpRequest(request, this.identity.http.origin);
  }
}

/** A refresh-token grant at the provider with `refreshToken`, as the RP client: the OAuth error, or `null` when it worked. */
export async function refreshAtProvider(op: RunningOp, refreshToken: string): Promise<string | null> {
  const response = await fetch(`${op.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${RP.clientId}:${RP.clientSecret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    signal: AbortSignal.timeout(5_000),
  });
  if (response.ok) return null;
  return ((await response.json()) as { error?: string }).error ?? `HTTP ${response.status}`;
}
