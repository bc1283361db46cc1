import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const packages = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/**
 * Bundles a Worker entry the way a Workers build does (wrangler uses esbuild too), for a neutral
 * platform so a Node built-in cannot even resolve; only the runtime's own `cloudflare:workers`
 * stays external. The workspace packages resolve to their sources, as in the vitest config.
 * `contents`: the entry's source as given, in place of the file's (imports resolve next to it).
 * `conditions`: package conditions besides wrangler's three (`WRANGLER_BUILD_CONDITIONS` lists all).
 */
export async function bundleWorker(
  entry: string,
  options: { minify?: boolean; contents?: string; conditions?: readonly string[] } = {},
): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    ...(options.contents === undefined
      ? { entryPoints: [entry] }
      : {
          stdin: { contents: options.contents, resolveDir: dirname(entry), sourcefile: basename(entry), loader: 'ts' },
        }),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: options.minify === true,
    mainFields: ['browser', 'module', 'main'],
    conditions: ['workerd', 'worker', 'browser', ...(options.conditions ?? [])],
    external: ['cloudflare:workers'],
    alias: {
      '@identity-web/core/adapter': packages('core/src/adapter.ts'),
      '@identity-web/core/provider': packages('core/src/provider.ts'),
      '@identity-web/core/store': packages('core/src/store.ts'),
      '@identity-web/core/shared-signals': packages('core/src/shared-signals.ts'),
      '@identity-web/core': packages('core/src/index.ts'),
      '@identity-web/oidc': packages('idp-oidc/src/index.ts'),
      '@identity-web/hono': packages('adapter-hono/src/index.ts'),
      '@identity-web/cloudflare': packages('store-cloudflare/src/index.ts'),
    },
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, metafile: result.metafile };
}

/** Imports of a bundle that a Worker without `nodejs_compat` could not satisfy. */
export function foreignImportsOf(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const i of input.imports)
      if (i.external && i.path !== 'cloudflare:workers' && i.path !== '<runtime>') found.add(i.path);
  }
  return [...found];
}
