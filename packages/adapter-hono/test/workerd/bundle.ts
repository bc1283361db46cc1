import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const packages = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/** Built-in modules of Node that an edge bundle must never import. */
export function nodeImportsOf(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (path.startsWith('node:')) found.add(path);
    for (const i of input.imports)
      if (i.path.startsWith('node:') || (i.external && i.path !== '<runtime>')) found.add(i.path);
  }
  return [...found];
}

/**
 * Bundles an entry the way a Workers build does (wrangler uses esbuild too), but stricter: a
 * neutral platform, so a Node built-in cannot even resolve and nothing is left external. The
 * workspace packages resolve to their sources, as in the vitest config.
 */
export async function bundleForEdge(entry: string): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    alias: {
      '@identity-web/core/adapter': packages('core/src/adapter.ts'),
      '@identity-web/core/provider': packages('core/src/provider.ts'),
      '@identity-web/core/shared-signals': packages('core/src/shared-signals.ts'),
      '@identity-web/core/store': packages('core/src/store.ts'),
      '@identity-web/core': packages('core/src/index.ts'),
      '@identity-web/oidc': packages('idp-oidc/src/index.ts'),
      '@identity-web/hono': packages('adapter-hono/src/index.ts'),
    },
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, metafile: result.metafile };
}
