// The Worker's size, bundled and minified as a Workers build does, as written and without its
// optional Shared Signals: a budget for each that a change cannot overrun unnoticed, the libraries
// the edge bundle shed kept out of it by name, and the opt-in parts of the core kept out of the
// Worker that does not bring them in.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../../../packages/store-cloudflare/test/workerd/bundle.js';
import { bundledInputs, modulesOf } from './opt-in-parts.js';
import { minimalWorker, WORKER, workerWithoutSharedSignals } from './without-shared-signals.js';

/**
 * The most the minified Worker may weigh without its Shared Signals lines: its size when set
 * (233.7 KiB, with Shared Signals and the session list brought in by import only) and about 1 %;
 * +2 KiB when the provider port gained the access-token signature check and `callApi` the
 * RFC 9470 step-up (236.0 KiB then); +3 KiB for `@identity-web/oidc`'s token exchange (238.5 KiB
 * then), an API's on-behalf-of grant, which every app carried as a method of the provider object
 * until it moved behind an opt-in of its own: −4 KiB when an API's provider methods (the
 * access-token check, introspection, token exchange) went to `createOidcApiProvider` (235.5 KiB
 * then); +1.5 KiB when discovery came to name a redirect's Location and a 404's fix, and a sign-out
 * to revoke the refresh token in the background by default (238.2 KiB then; 239 KiB set); +1.7
 * KiB when the web app and the API came to share one secret rule, one check of each store port
 * an app gives (the web app checked none before) and one error table with the API's rows
 * (240.6 KiB then); +0.5 KiB when the core's request flow came to answer an error the app's route
 * threw for every adapter (Hono's own mapping went) and its error handler to answer behind
 * `protectApi` as the API does (241.1 KiB then); −4.7 KiB when DPoP's code came only with
 * `dpopBinding()` (236.6 KiB then); −9.2 KiB when private_key_jwt's came only with
 * `privateKeyJwt(keys)` (227.4 KiB then); +0.3 KiB when both values came to be checked whole at
 * creation (227.7 KiB then); −5.0 KiB when callApi's code came only with `downstreamApi()`
 * (222.8 KiB then); +0.2 KiB when another copy's `sessionList` came to be refused at creation
 * (223.0 KiB then).
 */
const BUDGET_BYTES = 224 * 1024;
/**
 * As written, with a Shared Signals transmitter (257.8 KiB when set, 262.6 KiB with the API tier's
 * additions); +1 KiB when logout tokens and SETs came to share their `aud` and `iat` rules and
 * Hono's challenge came to drop a Content-Type the route had set (265.1 KiB then); −4 KiB with
 * `createOidcApiProvider` (260.4 KiB then); +2 KiB for discovery's redirect and 404 messages and
 * the revocation on sign-out, bounded (263.0 KiB then); +1.7 KiB for the one secret rule, store
 * check and error table of the web app and the API (265.4 KiB then); +0.5 KiB for the request
 * flow's one answer to a route's error (265.9 KiB then); −4.7 KiB with DPoP's code behind
 * `dpopBinding()` (261.4 KiB then); −9.2 KiB with private_key_jwt's behind `privateKeyJwt(keys)`
 * (252.1 KiB then); +0.3 KiB for both values checked whole at creation (252.5 KiB then); −5.0 KiB
 * with callApi's code behind `downstreamApi()` (247.5 KiB then); +0.2 KiB for another copy's
 * `sessionList` refused at creation (247.7 KiB then).
 */
const WITH_SHARED_SIGNALS_BUDGET_BYTES = 249 * 1024;
/**
 * What leaving Shared Signals out must save at least: 25 KB (25,474 B when set, after the
 * option's key list and the receiver's log lines moved into the receiver).
 */
const OPT_OUT_SAVES_BYTES = 25_000;
/**
 * The minimal Worker (sign-in, the token cache, every logout, Durable Objects, one API called with
 * `acquireToken`'s token): 241.5 KiB when first measured; 236.8 KiB when DPoP's code came only
 * with `dpopBinding()`; 227.6 KiB when private_key_jwt's came only with `privateKeyJwt(keys)`;
 * 228.0 KiB when both values came to be checked whole at creation; 223.0 KiB when callApi's code
 * came only with `downstreamApi()`; 223.2 KiB when another copy's `sessionList` came to be refused.
 */
const MINIMAL_BUDGET_BYTES = 224 * 1024;
/** Libraries the core replaced with a few lines of its own for the edge bundle's sake. */
const SHED = ['bowser', 'lru-cache', 'reflect-metadata'];

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

interface Measured {
  readonly name: string;
  readonly metafile: Metafile;
  readonly minified: number;
  readonly gzipped: number;
  readonly budget: number;
}

async function measure(
  name: string,
  budget: number,
  contents?: string,
  conditions?: readonly string[],
): Promise<Measured> {
  const { code, metafile } = await bundleWorker(WORKER, {
    minify: true,
    ...(contents !== undefined && { contents }),
    ...(conditions !== undefined && { conditions }),
  });
  return { name, metafile, minified: Buffer.byteLength(code), gzipped: gzipSync(code).length, budget };
}

let minimal: Measured;
let without: Measured;
let written: Measured;
/** As written, with the `module` condition the README suggests (tslib's ES module build). */
let withModule: Measured;
/** As written, on Hono's smallest preset (`hono/tiny`), which the README mentions. */
let onTinyHono: Measured;

/** src/worker.ts importing Hono from `hono/tiny`; fails when it imports Hono otherwise. */
function workerOnTinyHono(): string {
  const source = readFileSync(WORKER, 'utf8');
  const from = "import { Hono } from 'hono';";
  if (!source.includes(from)) throw new Error(`src/worker.ts no longer says ${from}: update workerOnTinyHono()`);
  return source.replace(from, "import { Hono } from 'hono/tiny';");
}

beforeAll(async () => {
  minimal = await measure('minimal (one API)', MINIMAL_BUDGET_BYTES, minimalWorker());
  without = await measure('without Shared Signals', BUDGET_BYTES, workerWithoutSharedSignals());
  written = await measure('as written (Shared Signals)', WITH_SHARED_SIGNALS_BUDGET_BYTES);
  withModule = await measure('as written, module condition', WITH_SHARED_SIGNALS_BUDGET_BYTES, undefined, ['module']);
  onTinyHono = await measure('as written, on hono/tiny', WITH_SHARED_SIGNALS_BUDGET_BYTES, workerOnTinyHono());
  const row = (m: Measured) =>
    `${m.name.padEnd(28)} ${`${m.minified} B (${kib(m.minified)})`.padEnd(22)} ${`${m.gzipped} B (${kib(m.gzipped)})`.padEnd(20)} ${kib(m.budget)}`;
  console.log(
    [
      `${'Worker bundle'.padEnd(28)} ${'minified'.padEnd(22)} ${'gzipped'.padEnd(20)} budget`,
      row(minimal),
      row(without),
      row(written),
      row(withModule),
      row(onTinyHono),
      `${'saved without it'.padEnd(28)} ${`${written.minified - without.minified} B (${kib(written.minified - without.minified)})`.padEnd(22)} ${`${written.gzipped - without.gzipped} B`.padEnd(20)} at least ${OPT_OUT_SAVES_BYTES} B`,
    ].join('\n'),
  );
});

describe('the Worker bundle', () => {
  it(`stays within ${kib(BUDGET_BYTES)} minified without its Shared Signals, ${kib(WITH_SHARED_SIGNALS_BUDGET_BYTES)} as written`, () => {
    expect(without.minified).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(written.minified).toBeLessThanOrEqual(WITH_SHARED_SIGNALS_BUDGET_BYTES);
  });

  it(`stays within ${kib(MINIMAL_BUDGET_BYTES)} minified as the minimal Worker`, () => {
    expect(minimal.minified).toBeLessThanOrEqual(MINIMAL_BUDGET_BYTES);
  });

  it(`is at least ${OPT_OUT_SAVES_BYTES / 1000} KB smaller minified without its Shared Signals`, () => {
    expect(written.minified - without.minified).toBeGreaterThanOrEqual(OPT_OUT_SAVES_BYTES);
  });

  it('is smaller with the module condition, tslib then bundled as ES modules, not whole', () => {
    const tslib = (m: Measured) => Object.keys(m.metafile.inputs).filter((path) => /node_modules\/tslib\//.test(path));
    expect(tslib(written)).toContainEqual(expect.stringMatching(/tslib\/tslib\.js$/));
    expect(tslib(withModule)).toEqual([expect.stringMatching(/tslib\.es6\.js$/)]);
    expect(written.minified - withModule.minified).toBeGreaterThanOrEqual(4_000);
  });

  it("is smaller on Hono's hono/tiny preset", () => {
    expect(written.minified - onTinyHono.minified).toBeGreaterThanOrEqual(4_000);
  });

  it('holds none of the libraries it shed', () => {
    for (const { metafile } of [without, written]) {
      const packages = Object.keys(metafile.inputs).map(
        (path) => /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1],
      );
      expect([...new Set(packages.filter((name) => name !== undefined && SHED.includes(name)))]).toEqual([]);
    }
  });

  it('holds the Shared Signals receiver only with a transmitter, and never the session list it does not use', () => {
    expect(modulesOf('Shared Signals', bundledInputs(without.metafile))).toEqual([]);
    expect(modulesOf('Shared Signals', bundledInputs(written.metafile))).toEqual(
      expect.arrayContaining([expect.stringMatching(/use-cases\/handle-security-event\.ts$/)]),
    );
    for (const { metafile } of [without, written]) {
      expect(modulesOf('the session list', bundledInputs(metafile))).toEqual([]);
    }
  });

  it("holds none of an API's provider methods: a web app's createOidcProvider does not bring them", () => {
    for (const { metafile } of [without, written]) {
      expect(modulesOf("an API's provider methods", bundledInputs(metafile))).toEqual([]);
    }
  });

  it("holds none of callApi's calls: only downstreamApi() brings them", () => {
    for (const { metafile } of [minimal, without, written]) {
      expect(modulesOf("callApi's calls", bundledInputs(metafile))).toEqual([]);
    }
  });

  it("holds none of DPoP's code nor private_key_jwt's: only dpopBinding() and privateKeyJwt() bring them", () => {
    for (const { metafile } of [minimal, without, written]) {
      expect(modulesOf('DPoP', bundledInputs(metafile))).toEqual([]);
      expect(modulesOf('private_key_jwt', bundledInputs(metafile))).toEqual([]);
    }
  });
});
