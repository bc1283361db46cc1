// The core's own Reflect metadata API, in place of reflect-metadata: what tsyringe calls, and an
// app that loads the real reflect-metadata before the core, after it, or not at all.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { metadataApi as api } from '../../src/config/reflect-metadata.js';

const run = promisify(execFile);
const core = fileURLToPath(new URL('../..', import.meta.url));

describe('the Reflect metadata API of the core', () => {
  it('keeps metadata per target and property, own and along the prototype chain', () => {
    class Base {}
    class Derived extends Base {}
    api.defineMetadata('k', 'base', Base);
    api.defineMetadata('k', 'method', Base, 'm');
    expect(api.getOwnMetadata('k', Base)).toBe('base');
    expect(api.getOwnMetadata('k', Base, 'm')).toBe('method');
    expect(api.hasOwnMetadata('k', Derived)).toBe(false);
    expect(api.getOwnMetadata('k', Derived)).toBeUndefined();
    expect(api.hasMetadata('k', Derived)).toBe(true);
    expect(api.getMetadata('k', Derived)).toBe('base');
    api.defineMetadata('k', 'derived', Derived);
    expect(api.getMetadata('k', Derived)).toBe('derived');
    expect(api.getMetadata('other', Derived)).toBeUndefined();
    expect(api.hasMetadata('other', Derived)).toBe(false);
    expect(api.getOwnMetadataKeys(Base)).toEqual(['k']);
    expect(api.deleteMetadata('k', Base)).toBe(true);
    expect(api.getOwnMetadataKeys(Base)).toEqual([]);
    expect(api.deleteMetadata('k', Base)).toBe(false);
  });

  it('keeps an undefined value apart from none, and decorates with metadata()', () => {
    class Target {}
    api.defineMetadata('k', undefined, Target);
    expect(api.hasOwnMetadata('k', Target)).toBe(true);
    api.metadata('design:paramtypes', [String])(Target);
    expect(api.getMetadata('design:paramtypes', Target)).toEqual([String]);
  });

  it('is what Reflect has when no other implementation was loaded first', async () => {
    await import('../../src/config/di.js');
    expect(typeof (Reflect as unknown as Record<string, unknown>).getMetadata).toBe('function');
  });

  it.each([
    ['no reflect-metadata', 'none', false],
    ['reflect-metadata imported before the core', 'before', true],
    ['reflect-metadata imported after the core', 'after', true],
  ])('an app with %s signs in and resolves from the container', async (_name, order, real) => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'test/config/fixtures/reflect-metadata-order.ts', order],
      {
        cwd: core,
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      realReflectMetadata: real,
      signedIn: true,
      decoratedLater: true,
      earlierMetadata: true,
    });
  });
});
