// What a framework adapter gives the core's request flow and guard: its request, its answer, and
// how the app's route is reached.
import type { AuthContext } from './auth-context.js';
import type { HttpRequest, HttpResult } from './types.js';

/**
 * What one framework gives the request flow: its request as the core reads it, how it writes an
 * answer, and how it hands the auth context to the app. `C` is what the framework calls the
 * request (Koa's `ctx`, Hono's `c`, Express's and Fastify's request), `N` what goes with it
 * (`next`, or Fastify's reply), `R` what its middleware returns.
 *
 * @group Adapter flow
 */
export interface FrameworkExchange<C extends object, N, R> {
  /** The framework's request as the core reads it; URLs are built on `origin`, never on `Host`. */
  request(carrier: C, origin: string): HttpRequest;
  /**
   * Writes the core's answer: an auth route's, the 503 of a session that cannot be read, a
   * `requireAuth` refusal, or the answer to an error the app's route threw.
   */
  answer(carrier: C, next: N, result: HttpResult): R;
  /** Gives the app the request's auth context (`ctx.state.auth`, `c.var.auth`, `req.auth`) and goes on. */
  proceed(carrier: C, next: N, auth: AuthContext): R | Promise<R>;
  /**
   * Whether the answer has begun (its headers sent): an error the route threw is then passed on
   * to the framework, not answered. Default: never.
   */
  sent?(carrier: C): boolean;
  /**
   * An error the app's route threw that the framework caught and kept instead of throwing it on
   * (Hono's `c.error`), read once `proceed` settled: identity-web's own is answered in place of
   * the framework's answer.
   */
  kept?(carrier: C): unknown;
}
