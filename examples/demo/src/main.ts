// `pnpm demo`: everything on 127.0.0.1, fresh secrets every run, Ctrl-C stops it all. Two IdPs:
// the Koa app signs in with either (its providers `work` and `partner`), the Hono, Express and
// Fastify apps (the same app on other frameworks) with the first.
// Flags: --no-back-channel, --no-front-channel (see what each logout path does on its own),
// --redis (the Koa app as two instances on one Redis: REDIS_URL, or a private redis-server),
// --postgres (the same on PostgreSQL: DATABASE_URL, or a private PostgreSQL in a temporary directory),
// --fapi (FAPI 2.0 throughout: PAR, DPoP, private_key_jwt; IDENTITY_WEB_DEMO_FAPI=1 does the same),
// --no-next (without the Next.js app, which is built first when its sources changed: about a minute).
import { startDemo } from './start-demo.js';

const USAGE = `Usage: pnpm demo [--no-back-channel] [--no-front-channel] [--redis | --postgres] [--fapi] [--no-next]

  --no-back-channel   the IdP POSTs no logout tokens: front-channel logout only
  --no-front-channel  the IdP's logout page loads no front-channel URLs: back-channel logout only
  --redis             the Koa app twice, every app on one Redis: REDIS_URL, else a private
                      redis-server on a free port of 127.0.0.1, stopped with the demo
  --postgres          the same on PostgreSQL: DATABASE_URL (postgres://…), else a private
                      PostgreSQL (initdb in a temporary directory, postgres on a free port of
                      127.0.0.1), stopped and removed with the demo
  --fapi              FAPI 2.0 throughout: PAR, DPoP, private_key_jwt (or IDENTITY_WEB_DEMO_FAPI=1)
  --no-next           without the Next.js app (built first when its sources changed: about a minute)`;

const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const backChannel = !args.has('--no-back-channel');
const frontChannel = !args.has('--no-front-channel');
const redis = args.has('--redis') ? { url: process.env.REDIS_URL?.trim() || undefined } : undefined;
const postgres = args.has('--postgres') ? { url: process.env.DATABASE_URL?.trim() || undefined } : undefined;
// Unset: IDENTITY_WEB_DEMO_FAPI decides (startDemo's default).
const fapi = args.has('--fapi') ? true : undefined;
const next = !args.has('--no-next');
if (next) console.log('Starting the demo (the Next.js app is built first when its sources changed: about a minute)…');

const demo = await startDemo({
  backChannel,
  frontChannel,
  redis,
  postgres,
  partner: true,
  next,
  ...(fapi && { fapi }),
  log: (line) => console.log(`[idp] ${line}`),
}).catch((error: unknown) => {
  console.error(`The demo could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
const { urls } = demo;
const channels = [backChannel && 'back-channel POST', frontChannel && 'front-channel iframe'].filter(Boolean);
const notified =
  channels.length > 0
    ? `The IdP tells the Hono app, and every other app you signed in to (${channels.join(', ')}):\n     its session ends and your account leaves its token cache.`
    : 'Both logout notifications are off: the Hono app keeps your session and tokens.';
const otherApps = [urls.hono, urls.express, urls.fastify, ...(urls.next ? [urls.next] : [])];
const store = redis
  ? {
      flag: '--redis',
      name: 'Redis',
      where: `Redis                    ${redis.url === undefined ? `${demo.redisUrl}   a private redis-server, stopped with the demo` : 'REDIS_URL'}`,
      bus: 'Redis pub/sub',
      counts: '\n     Token-cache counts show n/a: Redis stores never scan their keys to count them.',
    }
  : {
      flag: '--postgres',
      name: 'PostgreSQL',
      where: `PostgreSQL               ${postgres?.url === undefined ? `${demo.databaseUrl}   a private PostgreSQL, stopped and removed with the demo` : 'DATABASE_URL'}`,
      bus: 'LISTEN/NOTIFY',
      counts: '',
    };
const twoInstances =
  urls.koa2 === undefined
    ? ''
    : `
With ${store.flag}: the Koa app runs twice, on one ${store.name} (the other apps use it too, each apart):
  ${store.where}
  Koa web app, instance 1  ${urls.koa}
  Koa web app, instance 2  ${urls.koa2}${urls.middle2 ? `\n  middle tier, instance 2  ${urls.middle2}   (the Koa app's instance 2 calls it; same store)` : ''}
  1. Sign in on instance 1, then open ${urls.koa2}/call-api: the same browser cookie (one cookie
     name for both, and cookies ignore ports), the same session and token cache in ${store.name}, so
     instance 2 serves you at once.
  2. Open ${urls.koa2}/cache?watch=1 and sign out on instance 1 (${urls.koa}/): instance 2 drops
     your account from its memory within milliseconds (${store.bus}) and the page shows it gone.${store.counts}
`;
const fapiMode = !demo.fapi
  ? ''
  : `
FAPI 2.0 mode (--fapi): both IdPs are FAPI 2.0 authorization servers, and the apps FAPI 2.0 clients.
  - pushed authorization requests (RFC 9126) only: the browser carries just client_id and request_uri;
  - no client secrets: each app signs a client assertion (private_key_jwt, ES256) with a key pair
    the IdPs made for this run;
  - DPoP (RFC 9449): the apps hold a key per account, every token is bound to it (cnf.jkt), and the
    IdPs' token endpoints and the API ask for a server nonce, which the apps answer with a retry;
  - the API refuses Bearer tokens: "Call the API" sends Authorization: DPoP with a fresh proof;
  - the IdPs send iss with every authorization response (RFC 9207), and the apps require it.
`;
console.log(`
identity-web demo is running${demo.fapi ? ' in FAPI 2.0 mode' : ''} (back-channel logout ${backChannel ? 'on' : 'off'}, front-channel logout ${frontChannel ? 'on' : 'off'})
${fapiMode}
  identity provider  ${urls.idp}   any user name signs in, no password
  partner IdP        ${urls.partner}   a second one (another issuer), for the Koa app only
  downstream API     ${urls.api}/whoami   accepts the access tokens of both IdPs
  Koa web app        ${urls.koa}   signs in with either IdP: "work" or "partner"
  Hono web app       ${urls.hono}
  Express web app    ${urls.express}   the same app on Express 5 (@identity-web/express)
  Fastify web app    ${urls.fastify}   the same app on Fastify 5 (@identity-web/fastify)
${urls.next ? `  Next.js web app    ${urls.next}   the same app on Next.js 16 (@identity-web/next): server components call the API\n` : ''}${urls.middle ? `  middle-tier API    ${urls.middle}/chain   the Koa app's /chain calls it; it calls the API on your behalf\n` : ''}
What to try:
  1. Open the Koa app and sign in with "work" (say, as "alice"); consent once.
  2. Open the Hono app and sign in: single sign-on, the IdP asks only for this app's consent.
     The Express, Fastify and Next.js apps do the same: one more consent each, no login.
  3. "Call the API" in each: the API answers with your subject, the token's scope and the app's client id.
     Call with scope api:write for incremental consent: one trip to the IdP, then it works.
  4. Open ${urls.hono}/cache?watch=1, then sign out of the Koa app.
     ${notified} ${urls.koa}/cache shows the Koa app's own cache.
  5. ${[urls.koa, ...otherApps].map((url) => `${url}/metrics`).join(', ')}:
     sessions, cached accounts, sign-ins, sign-outs.
  6. Sign in to the Koa app with "partner" (say, as "bob"): the home page names the provider, and
     "Call the API" works with the partner's token too. ${urls.koa}/sessions lists your sessions
     in every browser, each with its own sign-out.
  7. ${urls.idp}/ssf/send: send a CAEP "session revoked" about your user, as an identity platform
     does when an admin revokes a user's sessions. Every app signs the user out: "Call the API"
     asks you to sign in again.${
       urls.middle
         ? `
  8. ${urls.koa}/chain: the Koa app calls the middle tier with your token for it, and the middle
     tier calls the API on your behalf (RFC 8693 token exchange at the IdP). Sign out: the IdP tells
     the Koa app and the middle tier, whose tokens for you go; /chain asks you to sign in again.`
         : ''
     }

Cookies ignore ports: each app's cookie names carry its port (iw.session.<port>), and the apps
use different host names (localhost and 127.0.0.1), so their cookies are easy to tell apart.
${twoInstances}
Press Ctrl-C to stop.
`);

let stopping = false;
function shutdown(reason: string) {
  if (stopping) process.exit(130); // a second Ctrl-C does not wait
  stopping = true;
  console.log(`\nStopping the demo (${reason})…`);
  demo.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
// A package manager that gets SIGTERM does not pass it on; when it exits, so does the demo.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown('its parent process exited');
}, 1_000).unref();
