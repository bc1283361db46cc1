import { type IncomingMessage, request } from 'node:http';
import type { CacheState } from './types.js';

const MAX_HOPS = 15;

/** An HTML page the browser ended on. */
export interface Page {
  readonly url: URL;
  readonly status: number;
  readonly html: string;
  readonly response: Response;
}

function attribute(html: string, pattern: RegExp): string | undefined {
  return pattern
    .exec(html)?.[1]
    ?.replace(/&amp;/g, '&')
    .replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));
}

/**
 * Just enough of a browser for the demo, over real HTTP on 127.0.0.1: one cookie jar per host
 * name (cookies ignore ports, so `localhost` and `127.0.0.1` are two jars and every port of one
 * host shares its jar, as in a real browser), navigations that send `Accept: text/html` and no
 * `Sec-Fetch-Mode: cors` (Node's fetch forces that header, which the core rightly reads as "not
 * a navigation"), bounded redirects, and oidc-provider's login, consent and logout forms.
 */
export class Browser {
  readonly #jars = new Map<string, Map<string, string>>();
  /** The IdP forms answered so far (`login`, `consent`), in order: proves single sign-on. */
  readonly prompts: string[] = [];

  constructor(private readonly login = 'alice') {}

  cookies(host: string): ReadonlyMap<string, string> {
    return this.#jars.get(host) ?? new Map();
  }

  /**
   * One request: a GET, a POST of `form`, or a HEAD (`head: true`, as a link prefetcher or a
   * monitor sends it); `cookies: false` models a cross-site iframe, which gets no `SameSite=Lax` cookie.
   */
  async request(
    url: URL,
    options: { form?: URLSearchParams; accept?: string; cookies?: boolean; head?: boolean } = {},
  ): Promise<Response> {
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
      throw new Error(`refusing to browse ${url.origin}`);
    const jar = this.#jars.get(url.hostname) ?? new Map<string, string>();
    this.#jars.set(url.hostname, jar);
    const headers: Record<string, string> = { host: url.host, accept: options.accept ?? 'text/html' };
    if (options.cookies !== false && jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const body = options.form?.toString();
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const method = options.head === true ? 'HEAD' : body === undefined ? 'GET' : 'POST';
    const response = await send(url, method, headers, body);
    for (const line of response.headers.getSetCookie()) store(jar, line);
    return response;
  }

  /**
   * Navigates, following redirects and submitting the IdP's login and consent forms, until a
   * page that is neither. Stops on the IdP's logout page too, unless `logout` says what to do.
   */
  async navigate(start: URL | string, logout?: { frames: boolean }): Promise<Page> {
    let url = new URL(start);
    let form: URLSearchParams | undefined;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const response = await this.request(url, form === undefined ? {} : { form });
      form = undefined;
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        url = new URL(location, url);
        continue;
      }
      const html = await response.text();
      const page = { url, status: response.status, html, response };
      const action = attribute(html, /<form[^>]*action="([^"]+)"/);
      const prompt = attribute(html, /name="prompt" value="(\w+)"/);
      if (response.status === 200 && action !== undefined && prompt !== undefined) {
        this.prompts.push(prompt);
        form = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login: this.login, password: 'any' } : {}) });
        url = new URL(action, url);
        continue;
      }
      // A form_post authorization response (OAuth 2.0 Form Post Response Mode §2): a form that
      // submits itself on load, as a browser with scripts does.
      const formPost = /\.submit\(\)/.test(html) && /<input type="hidden" name="(code|error)"/.test(html);
      if (response.status === 200 && action !== undefined && formPost && !html.includes('id="op.logoutForm"')) {
        form = new URLSearchParams(
          [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(([, n = '', v = '']) => [
            n,
            v
              .replace(/&amp;/g, '&')
              .replace(/&quot;/g, '"')
              .replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))),
          ]),
        );
        url = new URL(action, url);
        continue;
      }
      if (logout === undefined || !html.includes('id="op.logoutForm"')) return page;
      if (logout.frames) for (const frame of frontChannelUrls(page)) await this.request(frame, { cookies: false });
      form = new URLSearchParams({ xsrf: attribute(html, /name="xsrf" value="([^"]+)"/) ?? '', logout: 'yes' });
      url = new URL(action ?? '', url);
    }
    throw new Error(`more than ${MAX_HOPS} redirects from ${start}`);
  }

  /**
   * Submits the app's sign-out form (POST with the CSRF field) from its home page and returns
   * where its 303 points (the provider's end-session URL), without going there.
   */
  async startSignOut(app: string): Promise<URL> {
    const home = await this.navigate(`${app}/`);
    const action = attribute(home.html, /<form method="post" action="([^"]+)"/);
    const csrf = attribute(home.html, /name="csrf" value="([^"]+)"/);
    if (action === undefined || csrf === undefined) throw new Error(`no sign-out form on ${app}/`);
    const response = await this.request(new URL(action, app), { form: new URLSearchParams({ csrf }) });
    const location = response.headers.get('location');
    if (response.status !== 303 || location === null) throw new Error(`sign-out answered HTTP ${response.status}`);
    return new URL(location, app);
  }

  /** Signs out of the app and follows the provider's logout (see {@link navigate} for `logout`). */
  async signOut(app: string, logout?: { frames: boolean }): Promise<Page> {
    return this.navigate(await this.startSignOut(app), logout);
  }

  /** The app's `/cache.json` as this browser sees it (its session's account, if any). */
  async cache(app: string): Promise<CacheState> {
    const { status, body } = await this.json(`${app}/cache.json`);
    if (status !== 200) throw new Error(`${app}/cache.json answered HTTP ${status}`);
    return body as CacheState;
  }

  /** A JSON GET as a script would send it (`Accept: application/json`). */
  async json(url: string): Promise<{ status: number; body: unknown; response: Response }> {
    const response = await this.request(new URL(url), { accept: 'application/json' });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text), response };
  }
}

/** The front-channel logout URLs the IdP's logout page loads in iframes. */
export function frontChannelUrls(page: Page): URL[] {
  const json = /<script type="application\/json" id="front-channel-logout-urls">([^<]*)<\/script>/.exec(page.html)?.[1];
  return (JSON.parse(json ?? '[]') as string[]).map((u) => new URL(u));
}

function store(jar: Map<string, string>, line: string): void {
  const [pair = '', ...attributes] = line.split(';');
  const name = pair.slice(0, pair.indexOf('=')).trim();
  const value = pair.slice(pair.indexOf('=') + 1).trim();
  const gone = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
  if (gone || value === '') jar.delete(name);
  else jar.set(name, value);
}

/** One HTTP/1.1 exchange with the server on 127.0.0.1 (`localhost` included), `Host` as given. */
function send(url: URL, method: string, headers: Record<string, string>, body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port: url.port, path: `${url.pathname}${url.search}`, method, headers };
    const req = request({ ...options, timeout: 10_000 }, (res) => void toResponse(res).then(resolve, reject));
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url.href}`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function toResponse(res: IncomingMessage): Promise<Response> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, values] of Object.entries(res.headersDistinct))
    for (const v of values ?? []) headers.append(name, v);
  const status = res.statusCode ?? 500;
  const body = status === 204 || status === 304 ? null : new Uint8Array(Buffer.concat(chunks));
  return new Response(body, { status, headers });
}
