// A Next.js app's vitest.config, as docs/next.md shows it: Vitest hands packages in node_modules
// to Node, which cannot resolve the bare `next/server` that @identity-web/next imports (the `next`
// package has no `exports` map); inlined, Vitest resolves them as Next.js's bundlers do.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['next.test.mjs'], server: { deps: { inline: ['@identity-web/next'] } } },
});
