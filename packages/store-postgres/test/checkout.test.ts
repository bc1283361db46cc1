import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checkOut } from '../src/checkout.js';

/** A pool of one connection, lent in node-postgres's callback form: an emitter with `release`. */
function onePool() {
  const client = Object.assign(new EventEmitter(), { released: [] as unknown[] });
  Object.assign(client, { release: (destroy?: boolean) => client.released.push(destroy) });
  const connect = (callback: (error: Error | undefined, lent: unknown) => void) => callback(undefined, client);
  return { client, pool: { connect } as unknown as pg.Pool };
}

describe('checkOut', () => {
  it("listens to the connection's error event while held, and hands it back as the pool expects", async () => {
    const { client, pool } = onePool();
    for (const destroy of [undefined, false, true]) {
      const held = await checkOut(pool);
      expect(client.listenerCount('error')).toBe(1);
      // An error event while held ends nothing.
      expect(() => client.emit('error', new Error('Connection terminated unexpectedly'))).not.toThrow();
      held.release(destroy);
      // Released: the pool listens again, and a connection taken out a thousand times gathers no listeners.
      expect(client.listenerCount('error')).toBe(0);
    }
    // node-postgres reads any truthy value as "destroy it": only `true` is passed on.
    expect(client.released).toEqual([undefined, undefined, true]);
  });

  it('fails with the error of a pool that lends no connection', async () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const pool = { connect: (callback: (error: Error) => void) => callback(refused) } as unknown as pg.Pool;
    await expect(checkOut(pool)).rejects.toBe(refused);
  });
});
