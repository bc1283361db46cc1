// The Koa app's page of the demo chain (this app → middle-tier API → downstream API): its
// variables, and `/chain` with `/chain.json`, which call the middle tier with the user's token for it.
import { isIdentityWebError } from '@identity-web/core';
import { type IdentityWebState, requireAuth } from '@identity-web/koa';
import { apiAnswer, type Env, EnvError, escapeHtml, layout } from '@identity-web-examples/web-app-kit';
import type Router from '@koa/router';
import type { ParameterizedContext } from 'koa';

/** The middle tier the app calls: `MIDDLE_TIER_URL` and `MIDDLE_TIER_SCOPES` (see README.md). */
export interface ChainSettings {
  readonly url: string;
  readonly scopes: readonly string[];
}

/** The settings, or `undefined` when `MIDDLE_TIER_URL` is unset (no chain page). */
export function readChainEnv(env: Env): ChainSettings | undefined {
  const url = env.MIDDLE_TIER_URL?.trim() || undefined;
  const scopes = (env.MIDDLE_TIER_SCOPES ?? '').split(/\s+/).filter(Boolean);
  if (url === undefined) {
    if (scopes.length === 0) return undefined;
    throw new EnvError([['MIDDLE_TIER_SCOPES', 'applies with MIDDLE_TIER_URL only: set the middle tier’s URL too']]);
  }
  const parsed = URL.parse(url);
  // The app sends access tokens there: never in clear text over a network.
  const loopback = parsed?.hostname === 'localhost' || parsed?.hostname === '127.0.0.1';
  const problems: [string, string][] = [];
  if (!(parsed?.protocol === 'https:' || (parsed?.protocol === 'http:' && loopback))) {
    problems.push(['MIDDLE_TIER_URL', `must be an https URL, or http on localhost (got "${url}")`]);
  }
  if (scopes.length === 0)
    problems.push(['MIDDLE_TIER_SCOPES', 'is required with MIDDLE_TIER_URL: its scopes, space-separated']);
  if (problems.length > 0) throw new EnvError(problems);
  return { url, scopes };
}

type ChainAnswer = Awaited<ReturnType<typeof apiAnswer>>;

/**
 * `GET /chain.json` and `GET /chain` (the same as a page): `auth.callApi('middle', …)` with the
 * user's token for the middle tier, from the token cache; the middle tier answers who called it,
 * the token it had for the downstream API on the user's behalf (a fingerprint) and that API's answer.
 */
export function chainRoutes(router: Router<IdentityWebState>, appName: string, chain: ChainSettings): void {
  const target = new URL(chain.url);
  const call = async (ctx: ParameterizedContext<IdentityWebState>): Promise<ChainAnswer> => {
    const response = await ctx.state.auth
      .callApi('middle', `${target.pathname}${target.search}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      })
      .catch((error: unknown) => {
        if (isIdentityWebError(error)) throw error; // a challenge: the middleware sends the user to sign in
        return undefined;
      });
    ctx.status = response === undefined ? 502 : 200;
    return apiAnswer(chain.url, chain.scopes, response);
  };
  router.get('/chain.json', requireAuth(), async (ctx) => {
    ctx.body = await call(ctx);
  });
  router.get('/chain', requireAuth(), async (ctx) => {
    const answer = await call(ctx);
    ctx.type = 'html';
    ctx.body = layout(appName, 'The API chain', chainPage(answer));
  });
}

const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value ?? null, null, 2))}</pre>`;

/** The chain's answer, step by step, and what a sign-out removes at each step. */
function chainPage(answer: ChainAnswer): string {
  if (answer.api === undefined || answer.scopes === undefined) {
    return `<p>No answer from the middle tier: ${escapeHtml(answer.error_description ?? '')}</p>`;
  }
  const { url, status, body } = answer.api;
  const middle = (body ?? {}) as { caller?: unknown; onBehalfOf?: unknown; downstream?: { body?: unknown } };
  return `<ol>
<li>This app called <code>${escapeHtml(url)}</code> with your access token for
<code>${escapeHtml(answer.scopes.join(' '))}</code> from its token cache: HTTP <strong id="middle-status">${status}</strong>.</li>
<li>The middle tier saw this caller:${json(middle.caller)}
and exchanged that token at the provider (RFC 8693) for one of the downstream API, on your behalf
(its fingerprint, never the token):${json(middle.onBehalfOf)}</li>
<li>The downstream API answered the middle tier:<div id="downstream">${json(middle.downstream?.body ?? body)}</div></li>
</ol>
<h2>What a sign-out removes</h2>
<p>Sign out (here, or in another app of the provider): the provider sends this app a back-channel
logout token, which ends your session and removes your account, with the token for the middle
tier, from this app's token cache. It sends the middle tier one too: the tokens it had on your
behalf go from its stores (shared by its instances), and every token of the ended session is
refused there from then on. The next visit to this page asks you to sign in.</p>`;
}
