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

  it("takes node's `null` for no error, and a wrapper's promise of the connection", async () => {
    const { client } = onePool();
    const conventional = { connect: (callback: (error: null, lent: unknown) => void) => callback(null, client) };
    const promising = { connect: async () => client };
    for (const pool of [conventional, promising]) {
      const held = await checkOut(pool as unknown as pg.Pool);
      expect(held.client).toBe(client);
      expect(client.listenerCount('error')).toBe(1);
      held.release();
      expect(client.listenerCount('error')).toBe(0);
    }
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    await expect(checkOut({ connect: async () => Promise.reject(refused) } as unknown as pg.Pool)).rejects.toBe(
      refused,
    );
  });

  it('hands a connection lent together with an error back as broken', async () => {
    const { client } = onePool();
    const failing = new Error('verify failed');
    const pool = { connect: (callback: (error: Error, lent: unknown) => void) => callback(failing, client) };
    await expect(checkOut(pool as unknown as pg.Pool)).rejects.toBe(failing);
    expect(client.released).toEqual([true]);
    expect(client.listenerCount('error')).toBe(0);
  });

  it('fails with the error of a pool that lends no connection', async () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const pool = { connect: (callback: (error: Error) => void) => callback(refused) } as unknown as pg.Pool;
    await expect(checkOut(pool)).rejects.toBe(refused);
  });
});
