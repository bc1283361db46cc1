/** Sends a request to the app under test; redirects are never followed. */
export type AppFetch = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * A tiny browser for scenario tests: keeps cookies from `Set-Cookie` (honouring deletion by
 * `Max-Age=0` or an empty value) and sends them back.
 */
export class TestBrowser {
  /** The cookie jar: name to value. */
  readonly cookies = new Map<string, string>();

  constructor(private readonly send: AppFetch) {}

  /** Requests `path` with the jar's cookies, stores the answer's cookies, follows no redirect; `accept` sets a browser (`html`) or API (`json`) request. */
  async fetch(path: string, init: RequestInit & { accept?: 'html' | 'json' } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', init.accept === 'json' ? 'application/json' : 'text/html');
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.send(path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.store(line);
    return response;
  }

  /** POSTs a urlencoded form. */
  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  private store(line: string): void {
    const [pair, ...attributes] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const maxAge = attributes.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('max-age='));
    const expired = attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
    if (value === '' || maxAge === 'max-age=0' || expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** `Location` as a URL relative to the app (paths stay paths). */
export function locationOf(response: Response): URL {
  const location = response.headers.get('location');
  if (location === null) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location, 'http://app.invalid');
}
