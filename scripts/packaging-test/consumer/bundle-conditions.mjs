// Which file each runtime's bundler gets from the packages' export conditions: a Worker
// (wrangler's workerd, worker, browser), Next.js's edge runtime (edge-light, worker, browser) and
// Node get the code; a browser bundle (a Next.js client component) gets the module that stops the
// build, naming the mistake.
import assert from 'node:assert/strict';
import { build } from 'esbuild';

const ENTRIES = ['@identity-web/core', '@identity-web/core/adapter', '@identity-web/core/store'];

async function bundle(specifiers, conditions) {
  return build({
    stdin: { contents: specifiers.map((s) => `export * from '${s}';`).join('\n'), resolveDir: process.cwd() },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions,
    // Next.js's own modules and the runtime's: present where these bundles run.
    external: ['next/*', 'cloudflare:workers', 'node:*'],
    metafile: true,
    logLevel: 'silent',
  });
}

const refusals = (metafile) => Object.keys(metafile.inputs).filter((path) => path.endsWith('server-only.js'));

for (const [runtime, conditions] of [
  ['a Worker', ['workerd', 'worker', 'browser']],
  ["Next.js's edge runtime", ['edge-light', 'worker', 'browser']],
]) {
  const { metafile } = await bundle([...ENTRIES, '@identity-web/oidc'], conditions);
  assert.deepEqual(refusals(metafile), [], `${runtime} got a browser bundle's refusal`);
}
const { metafile: edge } = await bundle(['@identity-web/next'], ['edge-light', 'worker', 'browser']);
assert.deepEqual(refusals(edge), [], "@identity-web/next on Next.js's edge runtime got the refusal");

for (const specifier of ['@identity-web/core', '@identity-web/next']) {
  const failed = await bundle([specifier], ['browser']).then(
    () => undefined,
    (error) => error.errors.map((e) => e.text).join('\n'),
  );
  assert.ok(failed !== undefined, `a browser bundle of ${specifier} built`);
  assert.match(
    failed,
    new RegExp(`${specifier} runs on the server only`),
    `${specifier} in a browser bundle: ${failed}`,
  );
}
console.log('bundle conditions: a Worker and the edge get the code, a browser bundle is refused with the message');
