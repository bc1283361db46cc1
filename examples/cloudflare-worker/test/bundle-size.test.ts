// The Worker's size, bundled and minified as a Workers build does: a budget a change cannot
// overrun unnoticed, and the libraries the edge bundle shed kept out of it, by name.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleWorker } from '../../../packages/store-cloudflare/test/workerd/bundle.js';

/** The most the minified Worker may weigh: its size when set (255.7 KiB), rounded up to 5 KiB. */
const BUDGET_BYTES = 260 * 1024;
/** Libraries the core replaced with a few lines of its own for the edge bundle's sake. */
const SHED = ['bowser', 'lru-cache', 'reflect-metadata'];

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

describe('the Worker bundle', () => {
  it(`stays within ${kib(BUDGET_BYTES)} minified, without the libraries it shed`, async () => {
    const { code, metafile } = await bundleWorker(fileURLToPath(new URL('../src/worker.ts', import.meta.url)), {
      minify: true,
    });
    const minified = Buffer.byteLength(code);
    const gzipped = gzipSync(code).length;
    console.log(
      `Worker bundle: ${minified} bytes (${kib(minified)}) minified, ${gzipped} bytes (${kib(gzipped)}) gzipped; budget ${kib(BUDGET_BYTES)}`,
    );
    const packages = Object.keys(metafile.inputs).map((path) => /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1]);
    expect([...new Set(packages.filter((name) => name !== undefined && SHED.includes(name)))]).toEqual([]);
    expect(minified).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
