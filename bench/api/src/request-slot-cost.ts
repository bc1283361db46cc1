// What keeping a value on a framework's request costs: the core's request slot (a WeakMap keyed by
// the request) beside a private field stamped onto the request, the way the slot was written
// before, on Express's request and on a plain object (Koa's and Hono's contexts are plain
// objects). Each turn makes fresh requests and, but for the bare turn, sets a value twice and reads
// it once, as the request flow and the API guard do; nanoseconds per request, the making included.
import { expressRequest } from './express-request.js';

type Median = (values: readonly number[]) => number;
type Slot = { get(target: object): unknown; set(target: object, value: unknown): void };

/** A WeakMap keyed by the request, as the core's slot (`http/request-slot.ts`, not exported) is. */
function weakMapSlot(): Slot {
  const values = new WeakMap<object, unknown>();
  return { get: (target) => values.get(target), set: (target, value) => void values.set(target, value) };
}

/** The slot as a private field stamped on the object (a constructor's return override). */
function privateFieldSlot(): Slot {
  class Target {
    constructor(target: object) {
      // biome-ignore lint/correctness/noConstructorReturn: the return override is the technique
      return target;
    }
  }
  class Stamp extends Target {
    #value: unknown;
    constructor(target: object, value: unknown) {
      super(target);
      this.#value = value;
    }
    static read(target: object): unknown {
      return #value in target ? (target as Stamp).#value : undefined;
    }
    static write(target: object, value: unknown): void {
      if (#value in target) (target as Stamp).#value = value;
      else new Stamp(target, value);
    }
  }
  return { get: Stamp.read, set: Stamp.write };
}

export function requestSlotCost(rounds: number, n: number, median: Median): void {
  const makers: readonly [string, () => object][] = [
    ["Express's request", () => expressRequest('Bearer x')],
    ['a plain object', () => ({ req: null, res: null, state: {}, path: '/orders' })],
  ];
  console.log(`\n## A value kept on the request, in process (${rounds} rounds of ${n} fresh requests, in turns)\n`);
  console.log('| request | made only (ns) | + private field | + WeakMap (the slot) |\n| --- | ---: | ---: | ---: |');
  for (const [name, make] of makers) {
    const turn = (slot: Slot | null) => {
      const kept: object[] = new Array(1024);
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const target = make();
        if (slot !== null) {
          slot.set(target, i);
          slot.set(target, i + 1);
          if (slot.get(target) !== i + 1) throw new Error('the slot lost its value: the numbers would lie');
        }
        kept[i & 1023] = target;
      }
      return Number(process.hrtime.bigint() - start) / n;
    };
    const times = { bare: [] as number[], field: [] as number[], map: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.bare.push(turn(null));
      times.field.push(turn(privateFieldSlot()));
      times.map.push(turn(weakMapSlot()));
    }
    const [bare, field, map] = [median(times.bare), median(times.field), median(times.map)];
    console.log(`| ${name} | ${bare.toFixed(0)} | +${(field - bare).toFixed(0)} | +${(map - bare).toFixed(0)} |`);
  }
}
