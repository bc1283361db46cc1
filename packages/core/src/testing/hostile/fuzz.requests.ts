import fc from 'fast-check';
import { BODY_LIMIT, cookieValue, headerText, params, rawText, ref, type Text } from './fuzz.values.js';

/** What `Content-Length` says: the truth, or one of the lies a client can tell. */
export type DeclaredLength =
  | 'actual'
  | 'short'
  | 'zero'
  | 'longer'
  | 'over-limit'
  | 'not-a-number'
  | 'negative'
  | 'list';

export interface FuzzRequest {
  readonly method: string;
  /** Always `/auth…` (never `//host`), then a raw query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: readonly (readonly [string, Text])[];
  readonly cookieSeparator: string;
  /** Pieces joined when sent; `null` for none. */
  readonly body: readonly Text[] | null;
  readonly contentLength: DeclaredLength;
}

export interface RouteFuzz {
  /** The methods the route answers; others come now and then. */
  readonly methods: readonly string[];
  readonly paths: readonly string[];
  /** Parameter names of the route's query or form. */
  readonly names: readonly string[];
  /** Values that reach deeper than random text: known prompts, slot-like states, issuers. */
  readonly values: readonly string[];
}

export interface RequestSettings {
  /** The app's real cookie names: the session's, the sign-in slots' base, the sign-out state's. */
  readonly cookieNames: { readonly session: string; readonly signIn: string; readonly signOut: string };
  /**
   * The app listens on a socket: no `Content-Length` that promises more bytes than are sent,
   * which a server rightly waits for until it times out.
   */
  readonly socket: boolean;
}

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'] as const;
const ORIGINS = [
  'http://localhost:3000',
  'https://evil.example',
  'null',
  '',
  'http://localhost:3000/',
  'HTTP://LOCALHOST:3000',
];
const ACCEPTS = ['text/html', 'application/json', '*/*', 'text/html;q=0', 'image/*'];
const FORM = 'application/x-www-form-urlencoded';
const TYPES = [
  `${FORM}; charset=utf-8`,
  FORM.toUpperCase(),
  `${FORM};charset=iso-8859-1`,
  `${FORM}x`,
  'text/plain',
  'application/json',
  'multipart/form-data; boundary=x',
  'application/jwt',
  '',
  `;${FORM}`,
];
const LIES: readonly DeclaredLength[] = ['short', 'zero', 'longer', 'over-limit', 'not-a-number', 'negative', 'list'];

const pick = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, odds = 6) =>
  fc.oneof({ weight: odds, arbitrary: usual }, { weight: 1, arbitrary: rare });

function headers(): fc.Arbitrary<Record<string, string>> {
  const common = fc.record(
    {
      origin: pick(fc.constantFrom(...ORIGINS), headerText, 3),
      accept: pick(fc.constantFrom(...ACCEPTS), headerText, 3),
      'x-csrf-token': headerText,
      'sec-fetch-mode': fc.constantFrom('navigate', 'cors', 'no-cors'),
      'x-requested-with': fc.constant('XMLHttpRequest'),
      'x-forwarded-host': fc.constantFrom('evil.example', 'localhost:3000'),
      'x-forwarded-proto': fc.constantFrom('https', 'http'),
      referer: headerText,
    },
    { requiredKeys: [] },
  );
  const type = fc.option(pick(fc.constant(FORM), pick(fc.constantFrom(...TYPES), headerText, 4), 3), { freq: 4 });
  return fc.tuple(common, type).map(([h, t]) => (t === null ? h : { ...h, 'content-type': t }));
}

function cookies({ session, signIn, signOut }: RequestSettings['cookieNames']) {
  const names = [session, signOut, ...[0, 1, 2, 3, 4, -1].map((n) => `${signIn}.${n}`), `${signIn}.`, `${signIn}.00`];
  const oddNames = [session.toUpperCase(), ` ${session}`, `"${session}"`, '', '$Version'];
  const name = pick(fc.constantFrom(...names), pick(fc.constantFrom(...oddNames), headerText, 1), 8);
  return fc.record({
    cookies: fc.array(fc.tuple(name, cookieValue), { maxLength: 5 }),
    cookieSeparator: fc.constantFrom('; ', ';', ', ', ';;', ' ; '),
  });
}

function body(route: RouteFuzz, value: fc.Arbitrary<string>): fc.Arbitrary<Text[]> {
  const refParam = fc.tuple(fc.constantFrom(...route.names), ref).map(([n, r]): Text[] => [`${n}=`, r]);
  const form = fc
    .array(
      pick(
        params(route.names, value).map((s): Text[] => [s]),
        refParam,
        3,
      ),
      { maxLength: 4 },
    )
    .map((parts) => parts.flatMap((part, i) => (i === 0 ? part : ['&', ...part])));
  // Exactly around the limit: one byte under, at, one over, and well past it.
  const sized = fc
    .tuple(fc.constantFrom(BODY_LIMIT - 1, BODY_LIMIT, BODY_LIMIT + 1, 80_000), fc.constantFrom(...route.names))
    .map(([size, n]) => [`${n}=${'a'.repeat(size - n.length - 1)}`]);
  const foreign = fc.constantFrom(
    '{"logout_token":"x"}',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--x--',
  );
  return fc.oneof(
    { weight: 8, arbitrary: form },
    { weight: 2, arbitrary: rawText.map((t) => [t]) },
    { weight: 1, arbitrary: sized },
    { weight: 1, arbitrary: foreign.map((t) => [t]) },
  );
}

/** Requests aimed at one route: mostly its own method and parameters, with the odd stranger. */
export function requestsFor(route: RouteFuzz, settings: RequestSettings): fc.Arbitrary<FuzzRequest> {
  const value = pick(rawText, fc.constantFrom(...route.values), 2);
  const lies = LIES.filter((lie) => !(settings.socket && lie === 'longer'));
  return fc
    .record({
      method: pick(fc.constantFrom(...route.methods), fc.constantFrom(...METHODS), 6),
      path: fc.constantFrom(...route.paths),
      query: fc.option(params(route.names, value), { freq: 6 }),
      headers: headers(),
      jar: cookies(settings.cookieNames),
      body: fc.option(body(route, value), { freq: 6 }),
      contentLength: pick(fc.constant<DeclaredLength>('actual'), fc.constantFrom(...lies), 8),
    })
    .map(({ method, path, query, headers, jar, body, contentLength }) => {
      // Fetch's Request refuses a body on GET and HEAD, so no adapter can be handed one.
      const sent = method === 'GET' || method === 'HEAD' ? null : body;
      return {
        method,
        path: query === null ? path : `${path}?${query}`,
        headers,
        ...jar,
        body: sent,
        contentLength: sent === null ? 'actual' : contentLength,
      };
    });
}
