// The catalogue shared by the parent (which loads) and the child servers (which answer).

export type Framework = 'koa' | 'hono' | 'express' | 'fastify';

/** The frameworks, in the order their groups run; `--only` takes each as the name of its group. */
export const FRAMEWORKS: readonly Framework[] = ['koa', 'hono', 'express', 'fastify'];

export type VariantId =
  | 'koa-bare'
  | 'koa-shape'
  | 'koa-identity-web'
  | 'koa-msal-partition'
  | 'koa-identity-web-redis'
  | 'koa-identity-web-postgres'
  | 'hono-bare'
  | 'hono-async'
  | 'hono-middleware'
  | 'hono-shape'
  | 'hono-identity-web'
  | 'hono-identity-web-redis'
  | 'hono-identity-web-postgres'
  | 'express-bare'
  | 'express-shape'
  | 'express-identity-web'
  | 'express-openid-connect'
  | 'express-identity-web-redis'
  | 'express-identity-web-postgres'
  | 'fastify-bare'
  | 'fastify-identity-web'
  | 'fastify-identity-web-redis'
  | 'fastify-identity-web-postgres';

/** A store shared by instances, which a variant runs on: found or started by the harness (stores.ts). */
export type SharedStore = 'redis' | 'postgres';

export interface Variant {
  readonly id: VariantId;
  readonly label: string;
  readonly framework: Framework;
  /** The variant its req/s is compared with; a bare route is its own baseline. */
  readonly baseline: VariantId;
  /**
   * The shared store the variant's identity-web runs on, if any: it runs only when that store's
   * package loads and a server is there (a Redis answers; `DATABASE_URL`, or a private PostgreSQL).
   */
  readonly store?: SharedStore;
  /**
   * The bare route in identity-web's shape, for a protected variant: what the framework itself
   * charges for a middleware, a route middleware and an awaited handler. The variant's share of
   * it is what identity-web's own work costs.
   */
  readonly shape?: VariantId;
}

/** The route every variant serves, and the body every variant answers with. */
export const ROUTE = '/hello';
export const HELLO = { hello: 'world' } as const;
/** The downstream scope the protected routes get a token for (consented at sign-in). */
export const BENCH_SCOPE = 'api://bench/read';
/** The header the msal baseline's load carries: which of its users a request is for. */
export const USER_HEADER = 'x-bench-user';

const variant = (
  id: VariantId,
  label: string,
  baseline: VariantId,
  store?: SharedStore,
  shape?: VariantId,
): Variant => ({
  id,
  label,
  framework: FRAMEWORKS.find((framework) => id.startsWith(`${framework}-`))!,
  baseline,
  ...(store !== undefined && { store }),
  ...(shape !== undefined && { shape }),
});

const SHAPE = "bare route in identity-web's shape (a middleware, a route middleware, an async handler)";

/**
 * Variants in groups that are measured together: each group's servers run side by side and
 * its variants take turns (bare, protected, …, bare, protected, …), so a slow phase of a
 * shared machine hits a variant and its baseline alike.
 */
export const GROUPS: readonly (readonly Variant[])[] = [
  [
    variant('koa-bare', 'Koa: bare route', 'koa-bare'),
    variant('koa-shape', `Koa: ${SHAPE}`, 'koa-bare'),
    variant('koa-identity-web', 'Koa + identity-web (memory stores)', 'koa-bare', undefined, 'koa-shape'),
    variant('koa-msal-partition', 'Koa + msal-node partition per request', 'koa-bare'),
    variant('koa-identity-web-redis', 'Koa + identity-web (Redis stores)', 'koa-bare', 'redis'),
    variant('koa-identity-web-postgres', 'Koa + identity-web (PostgreSQL stores)', 'koa-bare', 'postgres'),
  ],
  [
    variant('hono-bare', 'Hono: bare route', 'hono-bare'),
    variant('hono-async', 'Hono: bare route, async handler (awaits one resolved promise)', 'hono-bare'),
    variant('hono-middleware', 'Hono: bare route behind two pass-through middlewares', 'hono-bare'),
    variant('hono-shape', `Hono: ${SHAPE}`, 'hono-bare'),
    variant('hono-identity-web', 'Hono + identity-web (memory stores)', 'hono-bare', undefined, 'hono-shape'),
    variant('hono-identity-web-redis', 'Hono + identity-web (Redis stores)', 'hono-bare', 'redis'),
    variant('hono-identity-web-postgres', 'Hono + identity-web (PostgreSQL stores)', 'hono-bare', 'postgres'),
  ],
  [
    variant('express-bare', 'Express: bare route', 'express-bare'),
    variant('express-shape', `Express: ${SHAPE}`, 'express-bare'),
    variant(
      'express-identity-web',
      'Express + identity-web (memory stores)',
      'express-bare',
      undefined,
      'express-shape',
    ),
    variant('express-openid-connect', 'Express + express-openid-connect (cookie session)', 'express-bare'),
    variant('express-identity-web-redis', 'Express + identity-web (Redis stores)', 'express-bare', 'redis'),
    variant('express-identity-web-postgres', 'Express + identity-web (PostgreSQL stores)', 'express-bare', 'postgres'),
  ],
  [
    variant('fastify-bare', 'Fastify: bare route', 'fastify-bare'),
    variant('fastify-identity-web', 'Fastify + identity-web (memory stores)', 'fastify-bare'),
    variant('fastify-identity-web-redis', 'Fastify + identity-web (Redis stores)', 'fastify-bare', 'redis'),
    variant('fastify-identity-web-postgres', 'Fastify + identity-web (PostgreSQL stores)', 'fastify-bare', 'postgres'),
  ],
];

export const VARIANTS: readonly Variant[] = GROUPS.flat();

export function variantById(id: string): Variant | undefined {
  return VARIANTS.find((v) => v.id === id);
}
