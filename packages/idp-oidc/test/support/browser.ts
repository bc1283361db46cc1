/// <reference types="node" />

const MAX_HOPS = 12;

function attribute(html: string, pattern: RegExp): string | undefined {
  return pattern.exec(html)?.[1]?.replace(/&amp;/g, '&');
}

/**
 * Just enough of a browser for oidc-provider's dev pages: a cookie jar, manual redirects
 * (bounded), and the login / consent / logout forms filled in. Only talks to 127.0.0.1.
 */
export class Browser {
  readonly #cookies = new Map<string, string>();

  async request(url: URL, body?: URLSearchParams): Promise<Response> {
    if (url.hostname !== '127.0.0.1') throw new Error(`refusing to browse ${url.origin}`);
    const headers = new Headers();
    if (this.#cookies.size > 0) headers.set('cookie', [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (body) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(5_000),
      ...(body ? { body } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /** Signs in (any login works with devInteractions) and consents; returns the callback params. */
  async authorize(url: URL, redirectUri: string, login = 'alice'): Promise<URLSearchParams> {
    let next = url;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      let response = await this.request(next);
      if (response.status === 200) {
        const html = await response.text();
        const action = attribute(html, /<form[^>]*action="([^"]+)"/);
        const prompt = attribute(html, /name="prompt" value="(\w+)"/);
        if (action === undefined || prompt === undefined) throw new Error(`no interaction form at ${next.pathname}`);
        const form = new URLSearchParams({ prompt });
        if (prompt === 'login') {
          form.set('login', login);
          form.set('password', 'any');
        }
        response = await this.request(new URL(action, next), form);
      }
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) {
        throw new Error(`unexpected HTTP ${response.status} at ${next.pathname}: ${await response.text()}`);
      }
      next = new URL(location, next);
      if (next.href.startsWith(redirectUri)) return next.searchParams;
    }
    throw new Error('too many redirects while signing in');
  }

  /** Follows the end-session URL, confirms "Yes, sign me out", returns the final redirect. */
  async logout(endSessionUrl: URL): Promise<URL> {
    const page = await this.request(endSessionUrl);
    const html = await page.text();
    const action = attribute(html, /<form[^>]*action="([^"]+)"/);
    const xsrf = attribute(html, /name="xsrf" value="([^"]+)"/);
    if (page.status !== 200 || action === undefined || xsrf === undefined) {
      throw new Error(`no logout form (HTTP ${page.status}): ${html.slice(0, 200)}`);
    }
    const confirmed = await this.request(new URL(action, endSessionUrl), new URLSearchParams({ xsrf, logout: 'yes' }));
    const location = confirmed.headers.get('location');
    if (confirmed.status !== 303 || location === null)
      throw new Error(`logout not confirmed: HTTP ${confirmed.status}`);
    return new URL(location, endSessionUrl);
  }
}
