// What `protectApi` costs as Express middleware on a token it verified before, in process, beside
// the floor of any guard (a middleware that only sets `req.api` and calls `next()`): each driven
// with the same plain request, response and `next`, in turns, each request waited for until its
// `next()`. The HTTP numbers above carry a whole request's cost and the host's noise; these
// carry only the middleware's.
import { createIdentityWebApi } from '@identity-web/core/api';
import { protectApi } from '@identity-web/express';
import { createOidcApiProvider } from '@identity-web/oidc';
import type { RequestHandler } from 'express';
import { expressRequest } from './express-request.js';
import { AUDIENCE, SCOPE, type StandInIssuer } from './issuer.js';

type Median = (values: readonly number[]) => number;

export async function middlewareCost(issuer: StandInIssuer, rounds: number, n: number, median: Median): Promise<void> {
  const api = createIdentityWebApi({
    identityProvider: createOidcApiProvider({
      issuer: issuer.issuer,
      clientId: 'bench-api',
      allowInsecureRequests: true,
    }),
    audience: AUDIENCE,
    baseUrl: 'http://127.0.0.1',
  });
  const floor: RequestHandler = (req, _res, next) => {
    (req as { api?: unknown }).api = { subject: 'bench' };
    next();
  };
  const variants: readonly [string, RequestHandler][] = [
    ['a middleware that only sets `req.api` (the floor)', floor],
    ['`protectApi` (`scopes` required)', protectApi(api, { scopes: [SCOPE] })],
  ];
  const authorization = `Bearer ${await issuer.token()}`;
  const res = { setHeader() {}, headersSent: false };
  const one = (middleware: RequestHandler) =>
    new Promise<void>((resolve, reject) => {
      const req = expressRequest(authorization);
      const next = (error?: unknown) =>
        error !== undefined || !('api' in req)
          ? reject(error ?? new Error('refused: the numbers would lie'))
          : resolve();
      (middleware as (req: object, res: object, next: (error?: unknown) => void) => void)(req, res, next);
    });
  for (const [, middleware] of variants) await one(middleware); // the key set fetched, the token remembered
  const times = variants.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (k + round) % variants.length;
      const start = process.hrtime.bigint();
      for (let r = 0; r < n; r++) await one(variants[i]![1]);
      times[i]!.push(Number(process.hrtime.bigint() - start) / 1000 / n);
    }
  }
  const added = times[1]!.map((t, round) => t - times[0]![round]!);
  console.log(`\n## protectApi as Express middleware, in process (${rounds} rounds of ${n} requests, in turns)\n`);
  console.log('| middleware | µs per request (median) | range |\n| --- | ---: | ---: |');
  for (const [i, [name]] of variants.entries()) {
    console.log(
      `| ${name} | ${median(times[i]!).toFixed(2)} | ${Math.min(...times[i]!).toFixed(2)}–${Math.max(...times[i]!).toFixed(2)} |`,
    );
  }
  console.log(`\n\`protectApi\` adds ${median(added).toFixed(2)} µs per request above the floor (median of rounds).`);
}
