import type { AuthContext } from '@identity-web/core';
import type { WebAppConfig } from '../config/web-app-config.js';
import { escapeHtml, layout } from './layout.js';

function signOutForm(auth: AuthContext): string {
  return `<form method="post" action="${escapeHtml(auth.signOutUrl)}">
<input type="hidden" name="csrf" value="${escapeHtml(auth.csrfToken ?? '')}"><button type="submit">Sign out</button></form>`;
}

/** `GET /`: who is signed in, and what to try. */
export function homePage(appName: string, auth: AuthContext, api: WebAppConfig['downstreamApi']): string {
  if (!auth.isAuthenticated || auth.user === null) {
    return layout(
      appName,
      'Welcome',
      `<p>You are not signed in.</p><p><a href="${escapeHtml(auth.signInUrl('/'))}">Sign in</a></p>`,
    );
  }
  const { user } = auth;
  const extra = api.extraScopes
    .map(
      (
        scope,
      ) => `<li><a href="/call-api?scope=${encodeURIComponent(scope)}">Call it with <code>${escapeHtml(scope)}</code></a>:
not consented at sign-in, so the first call sends you to the provider once (incremental consent)</li>`,
    )
    .join('\n');
  return layout(
    appName,
    `Hello ${user.name ?? user.username ?? user.subject}`,
    `<table>
<tr><th>subject</th><td>${escapeHtml(user.subject)}</td></tr>
<tr><th>username</th><td>${escapeHtml(user.username ?? '')}</td></tr>
<tr><th>issuer</th><td>${escapeHtml(user.issuer)}</td></tr>
<tr><th>token cache key</th><td><code>${escapeHtml(user.key)}</code></td></tr>
</table>
<ul>
<li><a href="/call-api">Call the API</a> with a token for <code>${escapeHtml(api.scopes.join(' '))}</code> from the token cache</li>
${extra}
<li><a href="/cache">See the token cache</a>, then sign out of another app of this provider and watch your account leave it</li>
</ul>
${signOutForm(auth)}`,
  );
}
