// A connection taken out of the pool, with a listener for its `error` event while the stores hold it.
import type pg from 'pg';

/** A pooled connection the stores hold; `release` hands it back (`true`: broken, the pool ends it). */
export interface HeldConnection {
  readonly client: pg.PoolClient;
  release(destroy?: boolean): void;
}

/**
 * node-postgres emits `error` on a connection that ends unexpectedly (a failover, a restart,
 * `pg_terminate_backend`, a cut network), also after failing the statement under way; and an
 * `error` event nobody listens to ends the process. The pool listens only while a connection is
 * idle, so while the stores hold one, they must. Nothing is lost by not acting on the event: the
 * statement under way fails with the same error, and a later one with "not queryable"; either
 * way the operation fails and its connection is released as broken.
 */
const heldError = () => {};

/**
 * Takes a connection out of `pool`, listening to its `error` event until it is released. The
 * pool's callback form, not its promise: the callback runs in the turn the pool stops listening,
 * while a promise's continuation runs after it, too late for a server's error read together with
 * a new connection's readiness (one chunk from a busy server). A pool that answers with a
 * promise instead (a wrapper of node-postgres's pool) is taken at its word.
 */
export function checkOut(pool: pg.Pool): Promise<HeldConnection> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const lent = (error: unknown, client: pg.PoolClient | undefined) => {
      if (answered) return;
      answered = true;
      if (error || client === undefined || client === null) {
        // A connection lent with an error is the pool's again, as broken.
        client?.release(true);
        reject(error || new Error('the pool lent no connection'));
        return;
      }
      client.on('error', heldError);
      resolve({
        client,
        release(destroy = false) {
          // From here the pool listens again (and ends a broken connection).
          client.removeListener('error', heldError);
          client.release(destroy || undefined);
        },
      });
    };
    const answer: unknown = pool.connect(lent);
    if (typeof (answer as PromiseLike<unknown> | undefined)?.then === 'function') {
      (answer as PromiseLike<pg.PoolClient>).then(
        (client) => lent(undefined, client),
        (error: unknown) => lent(error ?? new Error('the pool lent no connection'), undefined),
      );
    }
  });
}
