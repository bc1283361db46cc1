import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createRequestSlot } from '../src/http/request-slot.js';

const SECRET = 'a-value-no-key-of-the-object-leads-to';

describe('createRequestSlot', () => {
  it('gives back what was set on that object, and nothing for any other object', () => {
    const slot = createRequestSlot<{ secret: string }>();
    const ctx = { path: '/' };
    expect(slot.get(ctx)).toBeUndefined();
    slot.set(ctx, { secret: SECRET });
    expect(slot.get(ctx)).toEqual({ secret: SECRET });
    expect(slot.get({ path: '/' })).toBeUndefined();
  });

  it('replaces the value when set again on the same object', () => {
    const slot = createRequestSlot<number>();
    const ctx = {};
    slot.set(ctx, 1);
    slot.set(ctx, 2);
    expect(slot.get(ctx)).toBe(2);
  });

  it('keeps slots apart: one slot never reads another slot’s value', () => {
    const first = createRequestSlot<string>();
    const second = createRequestSlot<string>();
    const ctx = {};
    first.set(ctx, 'first');
    expect(second.get(ctx)).toBeUndefined();
    second.set(ctx, 'second');
    expect([first.get(ctx), second.get(ctx)]).toEqual(['first', 'second']);
  });

  it('works on class instances, as framework contexts are', () => {
    class Context {
      #own = 'kept';
      readonly req = { url: '/' };
      own() {
        return this.#own;
      }
    }
    const slot = createRequestSlot<string>();
    const c = new Context();
    slot.set(c, SECRET);
    expect(slot.get(c)).toBe(SECRET);
    expect(c.own()).toBe('kept');
    expect(c).toBeInstanceOf(Context);
  });

  it('is found by no key of the object: inspect, spread, assign, JSON and reflection never show it', () => {
    const slot = createRequestSlot<{ secret: string }>();
    const ctx = { path: '/', state: {} };
    slot.set(ctx, { secret: SECRET });
    expect(inspect(ctx, { depth: 12, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify({ ...ctx })).not.toContain(SECRET);
    expect(JSON.stringify(Object.assign({}, ctx))).not.toContain(SECRET);
    expect(Reflect.ownKeys(ctx)).toEqual(['path', 'state']);
    for (const key of Reflect.ownKeys(ctx)) {
      expect(inspect(Object.getOwnPropertyDescriptor(ctx, key), { depth: 12 })).not.toContain(SECRET);
    }
  });

  it('belongs to the object itself: a Proxy of it or an object inheriting from it has none, a primitive is refused', () => {
    const slot = createRequestSlot<string>();
    const req = { url: '/' };
    slot.set(req, SECRET);
    expect(slot.get(new Proxy(req, {}))).toBeUndefined();
    expect(slot.get(Object.create(req))).toBeUndefined();
    expect(() => slot.set('req' as unknown as object, SECRET)).toThrow(TypeError);
  });
});
