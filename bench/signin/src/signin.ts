// Virtual browsers signing in: GET /auth/sign-in → the provider's authorize, login and consent →
// /auth/callback, which must answer its redirect with the session cookie. Each sign-in is a new
// browser (an empty cookie jar), so the provider asks for the login and the consent every time.
import { Browser } from '@identity-web-examples/example-support';
import { PROTECTED_PATH, SESSION_COOKIE } from './protocol.js';

const MAX_HOPS = 15;

/** One completed sign-in: its time and its callback's, as the browser saw them, in µs. */
export interface SignIn {
  readonly browser: Browser;
  readonly totalUs: number;
  readonly callbackUs: number;
}

function attribute(html: string, pattern: RegExp): string | undefined {
  return pattern.exec(html)?.[1]?.replace(/&amp;/g, '&');
}

/** Signs `login` in at `app`; throws unless the callback answered with a redirect setting the session cookie. */
export async function signIn(app: string, login: string): Promise<SignIn> {
  const browser = new Browser(login);
  const callback = new URL('/auth/callback', app);
  let url = new URL(`/auth/sign-in?returnTo=${PROTECTED_PATH}`, app);
  let form: URLSearchParams | undefined;
  const start = performance.now();
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const sent = performance.now();
    const response = await browser.request(url, form === undefined ? {} : { form });
    const took = (performance.now() - sent) * 1000;
    form = undefined;
    const location = response.headers.get('location');
    if (url.origin === callback.origin && url.pathname === callback.pathname) {
      await response.body?.cancel();
      const cookie = response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`));
      if (response.status < 300 || response.status >= 400 || !cookie) {
        throw new Error(`the callback answered HTTP ${response.status}${cookie ? '' : ' without the session cookie'}`);
      }
      return { browser, totalUs: (performance.now() - start) * 1000, callbackUs: took };
    }
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    const action = attribute(html, /<form[^>]*action="([^"]+)"/);
    const prompt = attribute(html, /name="prompt" value="(\w+)"/);
    if (response.status !== 200 || action === undefined || prompt === undefined) {
      throw new Error(`the sign-in ended on ${url.href} (HTTP ${response.status}): ${html.slice(0, 200)}`);
    }
    form = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login, password: 'any' } : {}) });
    url = new URL(action, url);
  }
  throw new Error(`more than ${MAX_HOPS} hops from ${app}/auth/sign-in`);
}

export interface SignInBurst {
  readonly completed: readonly SignIn[];
  /** Sign-ins that did not land, by their error message. */
  readonly failed: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

let logins = 0;

/**
 * `concurrency` browsers sign in one after the other each, until `maxMs` has passed or `maxCount`
 * sign-ins have started, whichever comes first; a sign-in started before the end finishes.
 */
export async function signInBurst(
  app: string,
  options: { concurrency: number; maxMs: number; maxCount: number },
): Promise<SignInBurst> {
  const completed: SignIn[] = [];
  const failed: Record<string, number> = {};
  let started = 0;
  const start = performance.now();
  const browse = async () => {
    while (started < options.maxCount && performance.now() - start < options.maxMs) {
      started++;
      try {
        completed.push(await signIn(app, `user-${++logins}`));
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        failed[why] = (failed[why] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, browse));
  return { completed, failed, elapsedMs: performance.now() - start };
}
