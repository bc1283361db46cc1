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
  | 'hono-bare'
  | 'hono-async'
  | 'hono-middleware'
  | 'hono-shape'
  | 'hono-identity-web'
  | 'hono-identity-web-redis'
  | 'express-bare'
  | 'express-shape'
  | 'express-identity-web'
  | 'express-openid-connect'
  | 'express-identity-web-redis'
  | 'fastify-bare'
  | 'fastify-identity-web'
  | 'fastify-identity-web-redis';

export interface Variant {
  readonly id: VariantId;
  readonly label: string;
  readonly framework: Framework;
  /** The variant its req/s is compared with; a bare route is its own baseline. */
  readonly baseline: VariantId;
  /** Redis variants run only when `@identity-web/redis` loads and a Redis answers. */
  readonly needsRedis: boolean;
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
  needsRedis = false,
  shape?: VariantId,
): Variant => ({
  id,
  label,
  framework: FRAMEWORKS.find((framework) => id.startsWith(`${framework}-`))!,
  baseline,
  needsRedis,
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
    variant('koa-identity-web', 'Koa + identity-web (memory stores)', 'koa-bare', false, 'koa-shape'),
    variant('koa-msal-partition', 'Koa + msal-node partition per request', 'koa-bare'),
    variant('koa-identity-web-redis', 'Koa + identity-web (Redis stores)', 'koa-bare', true),
  ],
  [
    variant('hono-bare', 'Hono: bare route', 'hono-bare'),
    variant('hono-async', 'Hono: bare route, async handler (awaits one resolved promise)', 'hono-bare'),
    variant('hono-middleware', 'Hono: bare route behind two pass-through middlewares', 'hono-bare'),
    variant('hono-shape', `Hono: ${SHAPE}`, 'hono-bare'),
    variant('hono-identity-web', 'Hono + identity-web (memory stores)', 'hono-bare', false, 'hono-shape'),
    variant('hono-identity-web-redis', 'Hono + identity-web (Redis stores)', 'hono-bare', true),
  ],
  [
    variant('express-bare', 'Express: bare route', 'express-bare'),
    variant('express-shape', `Express: ${SHAPE}`, 'express-bare'),
    variant('express-identity-web', 'Express + identity-web (memory stores)', 'express-bare', false, 'express-shape'),
    variant('express-openid-connect', 'Express + express-openid-connect (cookie session)', 'express-bare'),
    variant('express-identity-web-redis', 'Express + identity-web (Redis stores)', 'express-bare', true),
  ],
  [
    variant('fastify-bare', 'Fastify: bare route', 'fastify-bare'),
    variant('fastify-identity-web', 'Fastify + identity-web (memory stores)', 'fastify-bare'),
    variant('fastify-identity-web-redis', 'Fastify + identity-web (Redis stores)', 'fastify-bare', true),
  ],
];

export const VARIANTS: readonly Variant[] = GROUPS.flat();

export function variantById(id: string): Variant | undefined {
  return VARIANTS.find((v) => v.id === id);
}
