// What the app's pages look like: plain HTML strings (every value escaped) and the JSON of
// `/call-api`. Nothing here touches identity-web; the app file does.
import type { IdentityWebStats, UserSession, UserSummary } from '@identity-web/core';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}
nav a{margin-right:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
code{background:#f3f3f3;padding:0 .2rem}form{display:inline}button{font-size:1rem}.yes{color:#a40}.no{color:#070}`;

/** The frame of every page. `body` and `head` are trusted markup (already escaped). */
export function layout(appName: string, title: string, body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${head}
<title>${escapeHtml(`${title} · ${appName}`)}</title><style>${STYLE}</style></head>
<body><nav><strong>${escapeHtml(appName)}</strong> <a href="/">Home</a><a href="/call-api">Call the API</a><a href="/sessions">Your sessions</a><a href="/cache">Token cache</a><a href="/metrics">Metrics</a></nav>
<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** The home page of a signed-in user: who they are, and what to try. */
export function userAndLinks(user: UserSummary, api: { scopes: readonly string[]; extraScopes: readonly string[] }) {
  const extra = api.extraScopes.map(
    (
      scope,
    ) => `<li><a href="/call-api?scope=${encodeURIComponent(scope)}">Call it with <code>${escapeHtml(scope)}</code></a>:
not consented at sign-in, so the first call sends you to the provider once (incremental consent)</li>`,
  );
  return `<table>
<tr><th>subject</th><td>${escapeHtml(user.subject)}</td></tr>
<tr><th>username</th><td>${escapeHtml(user.username ?? '')}</td></tr>
<tr><th>issuer</th><td>${escapeHtml(user.issuer)}</td></tr>
<tr><th>token cache key</th><td><code>${escapeHtml(user.key)}</code></td></tr>
</table>
<ul>
<li><a href="/call-api">Call the API</a> with a token for <code>${escapeHtml(api.scopes.join(' '))}</code> from the token cache</li>
${extra.join('\n')}
<li><a href="/cache">See the token cache</a>, then sign out of another app of this provider and watch your account leave it</li>
</ul>`;
}

/** What `/cache` shows: `identity.stats()`, and whether the signed-in user's account is cached. */
export interface CacheState extends IdentityWebStats {
  readonly account: { readonly key: string; readonly cached: boolean } | null;
}

const count = (n: number | null) => (n === null ? 'n/a' : String(n));

/** `GET /cache`: the token cache, as a person watches a global sign-out empty it. */
export function cachePage(appName: string, state: CacheState, watch: boolean): string {
  const account =
    state.account === null
      ? '<p>No one is signed in with this browser (or the session was ended by a logout notification).</p>'
      : `<p>Your account <code>${escapeHtml(state.account.key)}</code> is
${state.account.cached ? '<strong class="yes">in the token cache</strong>' : '<strong class="no">not in the token cache</strong>'}.</p>`;
  return layout(
    appName,
    'Token cache',
    `<table>
<tr><th>sessions</th><td id="sessions">${count(state.sessions)}</td></tr>
<tr><th>cached accounts</th><td id="cached-accounts">${count(state.cachedAccounts)}</td></tr>
<tr><th>hot-index accounts</th><td id="hot-index-accounts">${state.hotIndexAccounts}</td></tr>
</table>
${account}
<p>Sign out of another app of the same provider: its logout notifications (back-channel POST,
front-channel iframe) end this app's session and remove the account and every token of it from here.</p>
<p>${watch ? '<a href="/cache">Stop watching</a> (this page reloads every 2 seconds)' : '<a href="/cache?watch=1">Watch</a> (reload every 2 seconds)'}
· <a href="/cache.json">as JSON</a></p>`,
    watch ? '<meta http-equiv="refresh" content="2">' : '',
  );
}

/** `/call-api`'s JSON: the scopes the token was asked for (never the token), and what the API answered. */
export async function apiAnswer(url: string, scopes: readonly string[], response: Response | undefined) {
  if (response === undefined) return { error: 'api_unreachable', error_description: `no answer from ${url}` };
  const text = await response.text();
  let body: unknown = text.slice(0, 500);
  try {
    body = JSON.parse(text);
  } catch {} // not JSON: shown as (the start of) the text
  return {
    scopes,
    api: { url, status: response.status, body },
  };
}

/** What `/sessions` needs of the request's auth context: the form target and its CSRF token. */
export interface SessionForms {
  readonly signOutSessionUrl: string;
  readonly csrfToken: string;
}

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);

/**
 * `GET /sessions`: the user's sessions on every instance (`auth.sessions()`), each with a form
 * that ends it: a POST to identity-web's `signOutSessionUrl` carrying the session's CSRF token.
 */
export function sessionsPage(appName: string, sessions: readonly UserSession[], forms: SessionForms): string {
  const rows = sessions.map(
    (
      s,
    ) => `<tr class="session${s.current ? ' current' : ''}"><td>${escapeHtml(s.device ?? 'unknown browser')}${s.current ? ' <strong>(this browser)</strong>' : ''}</td>
<td>${when(s.createdAt)}</td><td>${s.lastSeenAt === undefined ? '' : when(s.lastSeenAt)}</td>
<td><form method="post" action="${escapeHtml(forms.signOutSessionUrl)}">
<input type="hidden" name="session" value="${escapeHtml(s.id)}"><input type="hidden" name="csrf" value="${escapeHtml(forms.csrfToken)}">
<input type="hidden" name="returnTo" value="${s.current ? '/' : '/sessions'}"><button type="submit">Sign out</button></form></td></tr>`,
  );
  return layout(
    appName,
    'Your sessions',
    `<p>Where you are signed in to this app (UTC times). Signing out one of them ends it on every
instance of the app; your other sessions stay.</p>
<table><tr><th>browser</th><th>signed in</th><th>last seen</th><th></th></tr>
${rows.join('\n')}</table>`,
  );
}
