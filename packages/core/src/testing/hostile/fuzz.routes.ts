import type { RouteFuzz } from './fuzz.requests.js';

export interface RouteProperty {
  readonly title: string;
  /** Requests fast-check generates for this route; all of them together make the suite's budget. */
  readonly runs: number;
  readonly route: RouteFuzz;
}

/** The route (half the time) and spellings a router might still match to it. */
function spellings(route: string): string[] {
  const rest = route.slice('/auth'.length);
  const odd = [`${route}/`, `/auth/.${rest}`, `/auth/%2e${rest}`, `/auth/${rest}`, route.toUpperCase(), `${route};x`];
  return [...odd.map(() => route), route, route, ...odd, `${route}%00`, `/auth/x/..${rest}`];
}

const CLAIMS = ['{}', '{"id_token":{"acr":{"essential":true}}}', '[]', 'null', '{', `{"x":"${'a'.repeat(3000)}"}`];
const SCOPES = ['openid', 'api://x/y offline_access', 'a '.repeat(31), 's'.repeat(257), '   '];
const PROMPTS = ['login', 'none', 'consent', 'select_account', 'create', 'LOGIN', 'login none'];
// States that begin like a sign-in slot (a digit), so the callback opens the slot's cookie.
const STATES = ['0', '1abc', `3${'a'.repeat(22)}`, '4x', '9', '-1', '\uff10x', ' 0x'];

/**
 * One property per auth route, plus one that sends any method to any path under `/auth`. The
 * generators never hold what may legitimately end the user's session: a logout token signed by
 * the IdP, the user's CSRF token, or the user's IdP `sid`.
 */
export function routeProperties(issuer: string): RouteProperty[] {
  const issuers = [issuer, `${issuer}/`, issuer.toUpperCase(), 'https://evil.example'];
  return [
    {
      title: 'GET /sign-in',
      runs: 2500,
      route: {
        methods: ['GET'],
        paths: spellings('/auth/sign-in'),
        names: ['returnTo', 'prompt', 'scope', 'claims', 'login_hint', 'domain_hint'],
        values: ['/', '/me', '//evil.example', ...PROMPTS, ...SCOPES, ...CLAIMS],
      },
    },
    {
      title: 'GET|POST /callback',
      runs: 2000,
      route: {
        methods: ['GET', 'POST'],
        paths: spellings('/auth/callback'),
        names: ['code', 'state', 'iss', 'error', 'error_description', 'session_state'],
        values: [...STATES, ...issuers, 'access_denied', 'login_required'],
      },
    },
    {
      title: 'POST /sign-out',
      runs: 1500,
      route: {
        methods: ['POST'],
        paths: spellings('/auth/sign-out'),
        names: ['csrf', 'returnTo'],
        values: ['/', '/bye', '//evil.example', 'https://evil.example'],
      },
    },
    {
      title: 'GET /signed-out',
      runs: 1000,
      route: { methods: ['GET'], paths: spellings('/auth/signed-out'), names: ['state'], values: ['', 'forged'] },
    },
    {
      title: 'GET /front-channel-logout',
      runs: 1000,
      route: {
        methods: ['GET'],
        paths: spellings('/auth/front-channel-logout'),
        names: ['iss', 'sid'],
        values: [...issuers, 'sid-alice', 'alice', ''],
      },
    },
    {
      title: 'POST /back-channel-logout',
      runs: 1500,
      route: {
        methods: ['POST'],
        paths: spellings('/auth/back-channel-logout'),
        names: ['logout_token'],
        values: ['a.b', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJ9.', '..', 'x'.repeat(5000)],
      },
    },
    {
      title: 'any method, any path under /auth',
      runs: 1000,
      route: {
        methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'],
        paths: ['/auth', '/auth/', '/auth/unknown', '/auth/sign-in', '/auth/callback', '/auth/sign-out', '/authx'],
        names: ['returnTo', 'state', 'code', 'csrf', 'logout_token', 'iss', 'sid'],
        values: [...STATES, issuer],
      },
    },
  ];
}
