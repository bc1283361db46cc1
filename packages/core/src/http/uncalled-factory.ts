// A middleware factory mounted itself instead of what it returns (`app.use(requireAuth)` for
// `app.use(requireAuth())`): the framework then calls the factory with its request, and the
// middleware it returns never runs, so the request would hang with nothing logged.
import { invalidArgument } from '../domain/errors.js';

/**
 * Throws the error that says to call `name` when it was called as a middleware: its own call takes
 * at most one argument (the options, or the identity), a framework's call of a middleware or of an
 * error handler two or more (Koa's `ctx, next`, Hono's `c, next` or `err, c`, Express's
 * `req, res, next`, Fastify's `request, reply`). Every framework answers the error as it answers
 * any middleware's (a 500 that names the fix, logged), never a request that hangs.
 *
 * @param name - The factory, as the app wrote it (`requireAuth`).
 * @param args - The factory's `arguments`.
 * @param mount - What to mount instead (`requireAuth()`).
 *
 * @group Adapter flow
 */
export function refuseUncalled(name: string, args: ArrayLike<unknown>, mount: string): void {
  if (args.length < 2) return;
  throw invalidArgument(
    name,
    `${name} is mounted without its call: mount ${mount}, the middleware it returns, not ${name} itself`,
  );
}
