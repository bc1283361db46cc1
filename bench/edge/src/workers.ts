// The two Workers, bundled as the Worker example's test bundles it (esbuild, neutral platform, the
// workspace packages from their sources; minified here, as a deployment would be), and the one
// Miniflare setup both start with.
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { MiniflareOptions } from 'miniflare';
import { bundleWorker, foreignImportsOf } from '../../../packages/store-cloudflare/test/workerd/bundle.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const EXAMPLE = here('../../../examples/cloudflare-worker/');

export type WorkerName = 'identity-web' | 'bare Hono';

export interface BundledWorker {
  readonly name: WorkerName;
  readonly code: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** The route each Worker's first and warm requests ask for (see README: the lightest through identity-web). */
export const ROUTE = '/';

/** The Worker example's .dev.vars.example, read as wrangler reads a .dev.vars file. */
export function devVars(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(`${EXAMPLE}.dev.vars.example`, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) vars[match[1]] = match[2];
  }
  return vars;
}

export async function bundle(name: WorkerName): Promise<BundledWorker> {
  const entry = name === 'identity-web' ? `${EXAMPLE}src/worker.ts` : here('./bare.worker.ts');
  const { code, metafile } = await bundleWorker(entry, { minify: true });
  const foreign = foreignImportsOf(metafile);
  if (foreign.length > 0) throw new Error(`the ${name} Worker imports ${foreign.join(', ')}`);
  return { name, code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).byteLength };
}

/**
 * The one setup both Workers start with: the Worker example's bindings (.dev.vars.example) and its
 * Durable Object bound with SQLite, as its test starts it. No provider runs: `GET /` without a
 * session cookie goes through identity-web's middleware and never calls one.
 */
export function miniflareOptions(worker: BundledWorker): MiniflareOptions {
  return {
    modules: true,
    script: worker.code,
    compatibilityDate: '2026-04-01',
    bindings: devVars(),
    durableObjects: { IDENTITY_WEB_STATE: { className: 'IdentityWebDurableObject', useSQLite: true } },
    // The Workers' console (identity-web's start-up line) would fill the benchmark's output: drained;
    // workerd's own errors still reach stderr.
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.resume();
      stderr.pipe(process.stderr);
    },
  };
}
