/** What the core needs from a request; each adapter wraps its framework's request in this. */
export interface HttpRequest {
  readonly method: string;
  /** The request URL; only its path and query are used (origins come from `baseUrl`). */
  readonly url: URL;
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
  /** Reads the body as text; rejects beyond `maxBytes`. Called at most once per request. */
  readText(maxBytes: number): Promise<string>;
}

export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite: 'Lax' | 'None' | 'Strict';
  readonly path: '/';
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
}

export interface CookieToSet {
  readonly name: string;
  /** Empty string with `maxAge: 0` deletes the cookie. */
  readonly value: string;
  readonly options: CookieOptions;
}

/** What the adapter writes back: status, headers, cookies (through its own cookie API), body. */
export interface HttpResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: readonly CookieToSet[];
  readonly body: string | null;
}
