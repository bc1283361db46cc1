/**
 * The per-request cost of a signed-in request that reads its auth context and takes a token
 * from the hot index, in process (no HTTP): what identity-web adds to a protected route.
 * Prints medians per request over many batches; run with `pnpm --filter @identity-web/core bench:hit`.
 */
import { FakeIdentityProvider, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { createIdentityWeb } from '../src/create-identity-web.js';
import type { HttpRequest } from '../src/http/types.js';
import { webApp } from '../test/support/web-app.js';

const BATCH = 2_000;
const BATCHES = 100;

const clock = new ManualClock();
const idp = new FakeIdentityProvider(clock);
const identity = createIdentityWeb({
  identityProvider: idp,
  baseUrl: 'http://localhost:3000',
  secret: 'bench-secret-bench-secret-bench-secret',
  scopes: ['openid', 'offline_access', 'api://bench/read'],
  clock,
});
const app = await webApp(identity);
const browser = new TestBrowser(app.fetch);
const start = await browser.fetch('/auth/sign-in');
await browser.fetch(`/auth/callback?${idp.login(start.headers.get('location')!, 'alice')}`);
const cookieValue = browser.cookies.get('iw.session')!;
const url = new URL('http://localhost:3000/orders');
const req: HttpRequest = {
  method: 'GET',
  url,
  header: () => undefined,
  cookie: (name) => (name === 'iw.session' ? cookieValue : undefined),
  readText: async () => '',
};

async function request(): Promise<void> {
  if ((await identity.http.handle(req)) !== null) throw new Error('not an app route');
  const auth = await identity.http.context(req);
  if (!auth.isAuthenticated) throw new Error('not signed in');
  await auth.acquireToken('api://bench/read');
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
