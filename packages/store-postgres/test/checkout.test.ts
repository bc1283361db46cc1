import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checkOut } from '../src/checkout.js';

/** A pool of one connection, as node-postgres hands it out: an emitter with `release`. */
function onePool() {
  const client = Object.assign(new EventEmitter(), { released: [] as unknown[] });
  Object.assign(client, { release: (destroy?: boolean) => client.released.push(destroy) });
  return { client, pool: { connect: async () => client } as unknown as pg.Pool };
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
});
