/** The process environment, or any object standing in for it (tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The app cannot start: each problem names the environment variable to fix. */
export class WebAppConfigError extends Error {
  readonly code = 'ERR_INVALID_ENV';

  constructor(readonly problems: readonly { readonly variable: string; readonly message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n')}`);
    this.name = 'WebAppConfigError';
  }

  get variables(): string[] {
    return this.problems.map((p) => p.variable);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Reads variables and collects every problem, so one start tells about all of them. Values of
 * secret variables never appear in a message.
 */
export class EnvReader {
  private readonly problems: { variable: string; message: string }[] = [];

  constructor(private readonly env: Env) {}

  /** Trimmed value, `undefined` when unset or blank. */
  optional(variable: string): string | undefined {
    const value = this.env[variable]?.trim();
    return value === '' ? undefined : value;
  }

  required(variable: string, what: string): string {
    const value = this.optional(variable);
    if (value === undefined) this.problem(variable, `is required: ${what}`);
    return value ?? '';
  }

  /** An absolute URL; https, or http on a loopback host only. */
  url(variable: string, what: string, { origin = false } = {}): URL | undefined {
    const text = this.required(variable, what);
    if (text === '') return undefined;
    const url = URL.parse(text);
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      this.problem(variable, `must be an absolute https URL (got "${text}")`);
      return undefined;
    }
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
      this.problem(variable, `must use https; plain http is allowed only for localhost (got "${text}")`);
    }
    if (origin && (url.pathname !== '/' || url.search !== '' || url.hash !== '')) {
      this.problem(variable, `must be an origin without a path, such as https://app.example.com (got "${text}")`);
    }
    return url;
  }

  /** Space-separated scope tokens (RFC 6749 §3.3); `what` undefined makes the variable optional. */
  scopes(variable: string, what?: string): string[] {
    const text = what === undefined ? (this.optional(variable) ?? '') : this.required(variable, what);
    const list = text.split(/\s+/).filter(Boolean);
    const bad = list.find((s) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s));
    if (bad !== undefined) this.problem(variable, `has an invalid scope "${bad}"`);
    return list;
  }

  port(variable: string, fallback: number): number {
    const text = this.optional(variable);
    if (text === undefined) return fallback;
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535) {
      this.problem(variable, `must be a port number from 0 to 65535 (got "${text}")`);
      return fallback;
    }
    return port;
  }

  oneOf<T extends string>(variable: string, values: readonly T[], fallback: T): T {
    const text = this.optional(variable) ?? fallback;
    if (values.includes(text as T)) return text as T;
    this.problem(variable, `must be one of ${values.map((v) => `"${v}"`).join(', ')} (got "${text}")`);
    return fallback;
  }

  problem(variable: string, message: string): void {
    this.problems.push({ variable, message });
  }

  /** Throws every problem found so far at once. */
  done(): void {
    if (this.problems.length > 0) throw new WebAppConfigError(this.problems);
  }
}
