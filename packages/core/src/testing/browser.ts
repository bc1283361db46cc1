/**
 * Sends a request to the app under test; redirects are never followed.
 *
 * @group Test doubles
 */
export type AppFetch = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * Options of {@link TestBrowser.fetch} beyond `RequestInit`.
 *
 * @group Test doubles
 */
export interface TestRequestOptions {
  /** A browser (`html`, the default) or API (`json`) request: sets `Accept`. */
  accept?: 'html' | 'json';
  /**
   * The request comes from another site, as an IdP's `form_post` page submits its form: it
   * carries only the cookies a browser sends then (RFC 6265bis §5.8.3): `SameSite=None` ones,
   * and `Lax` ones on a top-level navigation with a safe method (GET, HEAD).
   */
  crossSite?: boolean;
}

/**
 * A tiny browser for scenario tests: keeps cookies from `Set-Cookie` (honouring deletion by
 * `Max-Age=0` or an empty value) with their `SameSite`, and sends them back.
 *
 * @group Test doubles
 */
export class TestBrowser {
  /** The cookie jar: name to value. */
  readonly cookies = new Map<string, string>();
  /** Each stored cookie's `SameSite`, lower case; a cookie set without one counts as `lax`, as Chrome treats it. */
  private readonly sameSite = new Map<string, string>();

  constructor(private readonly send: AppFetch) {}

  /** Requests `path` with the jar's cookies, stores the answer's cookies, follows no redirect. */
  async fetch(path: string, init: RequestInit & TestRequestOptions = {}): Promise<Response> {
    const { accept, crossSite = false, ...request } = init;
    const headers = new Headers(request.headers);
    if (!headers.has('accept')) headers.set('accept', accept === 'json' ? 'application/json' : 'text/html');
    const method = (request.method ?? 'GET').toUpperCase();
    const safe = method === 'GET' || method === 'HEAD';
    const sent = [...this.cookies].filter(([name]) => !crossSite || this.sentCrossSite(name, safe));
    if (sent.length > 0) headers.set('cookie', sent.map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.send(path, { ...request, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.store(line);
    return response;
  }

  /** POSTs a urlencoded form; `crossSite` as for {@link TestBrowser.fetch}. */
  post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
    options: Pick<TestRequestOptions, 'crossSite'> = {},
  ): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
      ...options,
    });
  }

  private sentCrossSite(name: string, safeMethod: boolean): boolean {
    const sameSite = this.sameSite.get(name) ?? 'lax';
    return sameSite === 'none' || (sameSite === 'lax' && safeMethod);
  }

  private store(line: string): void {
    const [pair, ...attributes] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const lower = attributes.map((a) => a.trim().toLowerCase());
    const maxAge = lower.find((a) => a.startsWith('max-age='));
    const expired = lower.some((a) => a.startsWith('expires=thu, 01 jan 1970'));
    const sameSite = lower.find((a) => a.startsWith('samesite='))?.slice('samesite='.length);
    if (value === '' || maxAge === 'max-age=0' || expired) {
      this.cookies.delete(name);
      this.sameSite.delete(name);
    } else {
      this.cookies.set(name, value);
      this.sameSite.set(name, sameSite ?? 'lax');
    }
  }
}

/**
 * `Location` as a URL relative to the app (paths stay paths).
 *
 * @group Test doubles
 */
export function locationOf(response: Response): URL {
  const location = response.headers.get('location');
  if (location === null) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location, 'http://app.invalid');
}
