import type { CacheState } from '../cache-state.js';
import { escapeHtml, layout } from './layout.js';

const count = (n: number | null) => (n === null ? 'n/a' : String(n));

/** `GET /cache`: the token cache as a person watches global sign-out empty it. */
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
