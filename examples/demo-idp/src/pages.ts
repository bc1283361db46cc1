// The HTML pages of the demo IdP beyond oidc-provider's own: logout (with front-channel iframes), signed out, errors.
import type { OidcContext } from 'oidc-provider';
import type { RegisteredClient } from './options.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}
button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}iframe{display:none}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// JSON inside <script>: "<" is escaped so a value can never close the element.
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A page of the demo IdP, in its one style. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** An app of the ending IdP session and the front-channel logout URL that tells it so. */
export interface FrontChannelTarget {
  readonly name: string;
  readonly url: string;
}

/**
 * The apps to notify: every client the session signed in to, with the `sid` oidc-provider put in
 * that client's ID token (`sid` differs per client), and `iss` (OIDC Front-Channel Logout 1.0 §2).
 */
export function frontChannelTargets(
  ctx: OidcContext,
  issuer: string,
  clients: ReadonlyMap<string, RegisteredClient>,
): FrontChannelTarget[] {
  const session = ctx.oidc.session;
  const targets: FrontChannelTarget[] = [];
  for (const clientId of Object.keys(session?.authorizations ?? {})) {
    const client = clients.get(clientId);
    const sid = session?.sidFor(clientId);
    if (client === undefined || sid === undefined) continue;
    const url = new URL(client.frontChannelLogoutUri);
    url.searchParams.set('iss', issuer);
    url.searchParams.set('sid', sid);
    targets.push({ name: client.name, url: url.href });
  }
  return targets;
}

/**
 * `features.rpInitiatedLogout.logoutSource`. Like Entra's logout page, it loads each app's
 * front-channel logout URL in a hidden iframe, then confirms the logout (which makes
 * oidc-provider POST the back-channel logout tokens and redirect to `post_logout_redirect_uri`).
 * It confirms by itself once every iframe loaded, or after `timeoutMs` — an app that never
 * answers must not keep the user signed in. A request without a valid `id_token_hint` may come
 * from anywhere, so it asks the user first (RP-Initiated Logout 1.0 §2).
 */
export function logoutPage(
  targets: readonly FrontChannelTarget[],
  form: string,
  options: { auto: boolean; timeoutMs: number },
) {
  const apps = targets.map((t) => `<li>${escapeHtml(t.name)}</li>`).join('');
  const confirm = options.auto
    ? '<p>Signing you out…</p>'
    : '<p>Do you want to sign out?</p><button type="button" onclick="signOut()">Yes, sign me out</button>';
  return page(
    'Sign out',
    `${form}<input type="hidden" name="logout" value="yes" form="op.logoutForm">
${targets.length > 0 ? `<p>Signing you out of:</p><ul id="front-channel-apps">${apps}</ul>` : ''}
${confirm}
<noscript><button type="submit" form="op.logoutForm">Yes, sign me out</button></noscript>
<script type="application/json" id="front-channel-logout-urls">${scriptJson(targets.map((t) => t.url))}</script>
<script>
function signOut() {
  var urls = JSON.parse(document.getElementById('front-channel-logout-urls').textContent);
  var pending = urls.length, done = false;
  function finish() { if (!done) { done = true; document.getElementById('op.logoutForm').submit(); } }
  urls.forEach(function (url) {
    var frame = document.createElement('iframe');
    frame.onload = frame.onerror = function () { if (--pending === 0) finish(); };
    frame.src = url;
    document.body.appendChild(frame);
  });
  if (pending === 0) finish();
  setTimeout(finish, ${options.timeoutMs});
}
${options.auto ? "document.addEventListener('DOMContentLoaded', signOut);" : ''}
</script>`,
  );
}

/** `renderError`: the OAuth error code and description, nothing else (no stack, no parameters). */
export function errorPage(out: { error?: unknown; error_description?: unknown }): string {
  const text = (value: unknown) => escapeHtml(typeof value === 'string' ? value : '');
  return page('Sign-in problem', `<p><code>${text(out.error)}</code></p><p>${text(out.error_description)}</p>`);
}

/** `features.rpInitiatedLogout.postLogoutSuccessSource`: shown when no app asked to come back. */
export function signedOutPage(): string {
  return page('Signed out', '<p>You are signed out of the demo identity provider and of every app of the session.</p>');
}
