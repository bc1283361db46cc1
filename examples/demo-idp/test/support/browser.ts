// Just enough of a browser to sign in through the demo IdP over real HTTP: a cookie jar per host
// name (cookies ignore ports, as in a real browser), redirects followed, at most `MAX_HOPS` of
// them, and the IdP's dev login and consent forms answered.

const MAX_HOPS = 15;

export class Browser {
  readonly #jars = new Map<string, Map<string, string>>();

  constructor(private readonly login: string) {}

  /**
   * Navigates from `start` until a page that is neither a redirect nor a login or consent form,
   * or until a URL starting with `stopAt` (not requested: nothing may listen there).
   */
  async navigate(start: string | URL, stopAt?: string): Promise<{ url: URL; response?: Response }> {
    let url = new URL(start);
    let form: Record<string, string> | undefined;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (stopAt !== undefined && url.href.startsWith(stopAt)) return { url };
      const response = await this.request(url, form);
      form = undefined;
      const location = response.headers.get('location');
      if (location !== null) {
        url = new URL(location, url);
        continue;
      }
      const html = response.headers.get('content-type')?.startsWith('text/html') ? await response.clone().text() : '';
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (prompt === undefined || action === undefined) return { url, response };
      form = { prompt, ...(prompt === 'login' ? { login: this.login, password: 'any' } : {}) };
      url = new URL(action.replace(/&amp;/g, '&'), url);
    }
    throw new Error(`more than ${MAX_HOPS} redirects from ${start}`);
  }

  /** One request with the host's cookies (a POST of `form` when given); the cookies it sets kept. */
  private async request(url: URL, form?: Record<string, string>): Promise<Response> {
    const jar = this.#jars.get(url.hostname) ?? new Map<string, string>();
    this.#jars.set(url.hostname, jar);
    const headers: Record<string, string> = { accept: 'text/html' };
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method: form === undefined ? 'GET' : 'POST',
      headers,
      ...(form !== undefined && { body: new URLSearchParams(form) }),
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    for (const line of response.headers.getSetCookie()) keep(jar, line);
    return response;
  }
}

/** Stores a `Set-Cookie` line in the jar, or deletes the cookie it expires. */
function keep(jar: Map<string, string>, line: string): void {
  const [pair = ''] = line.split(';');
  const [name = '', value = ''] = pair.split(/=(.*)/);
  if (value === '' || /expires=thu, 01 jan 1970|max-age=0/i.test(line)) jar.delete(name.trim());
  else jar.set(name.trim(), value.trim());
}
