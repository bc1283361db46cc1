/**
 * The per-request cost of a signed-in request that reads its auth context and takes a token
 * from the hot index, in process (no HTTP): what identity-web adds to a protected route.
 * Prints medians per request over many batches; run with `pnpm --filter @identity-web/core bench:hit`.
 */
import { TestBrowser } from '@identity-web/core/testing';
import type { HttpRequest } from '../src/http/types.js';
import { webApp } from '../test/support/web-app.js';
import { API, benchWorld } from './support.js';

const BATCH = 2_000;
const BATCHES = 100;

const { identity, idp } = benchWorld();
const app = await webApp(identity);
const browser = new TestBrowser(app.fetch);
const start = await browser.fetch('/auth/sign-in');
await browser.fetch(`/auth/callback?${idp.login(start.headers.get('location')!, 'alice')}`);
const cookieValue = browser.cookies.get('iw.session.3000')!;
const url = new URL('http://localhost:3000/orders');
// As the adapters build it: the raw path lets the core pass over the request without `url`.
const req: HttpRequest = {
  method: 'GET',
  path: url.pathname,
  url,
  header: () => undefined,
  cookie: (name) => (name === 'iw.session.3000' ? cookieValue : undefined),
  readText: async () => '',
};

async function request(): Promise<void> {
  if ((await identity.http.handle(req)) !== null) throw new Error('not an app route');
  const auth = await identity.http.context(req);
  if (!auth.isAuthenticated) throw new Error('not signed in');
  await auth.acquireToken(API);
}

for (let i = 0; i < BATCH * 5; i++) await request();
const perRequest: number[] = [];
for (let b = 0; b < BATCHES; b++) {
  const t0 = performance.now();
  for (let i = 0; i < BATCH; i++) await request();
  perRequest.push(((performance.now() - t0) * 1000) / BATCH);
}
perRequest.sort((a, b) => a - b);
const at = (q: number) => perRequest[Math.floor(q * (perRequest.length - 1))]!.toFixed(2);
console.log(
  `signed-in request with a hot-index token, Node ${process.version}: median ${at(0.5)} µs, p95 ${at(0.95)} µs`,
);
