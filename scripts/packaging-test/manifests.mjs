// The package.json of the packaging test's scratch projects. The tarballs come from `pnpm pack`;
// every other version is the one the workspace itself builds and tests with, read from its
// manifests so the two never drift apart.

/** A dependency's version as some workspace manifest declares it (dependencies first). */
function versionOf(name, manifests) {
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const manifest of manifests) {
      const version = manifest[field]?.[name];
      if (version && !version.startsWith('workspace:')) return version.replace(/^npm:[^@]+@/, '');
    }
  }
  throw new Error(`no workspace package declares ${name}`);
}

/** The app: every tarball, the peers the adapters and stores need, and the tools of the checks. */
export function consumerManifest(packs, manifests) {
  const dependencies = Object.fromEntries(packs.map((p) => [p.manifest.name, `file:${p.tarball}`]));
  for (const peer of ['koa', 'hono', 'express', 'fastify', 'next', 'react', 'react-dom']) {
    dependencies[peer] = versionOf(peer, manifests);
  }
  // Koa's types import `content-disposition` and expect @types/content-disposition (0.5), which
  // TypeScript consults only when the package itself has no types. Express 5 depends on
  // content-disposition 2, which has its own; npm hoists it next to @types/koa, whose check then
  // fails (TS2694, no `Options`). An app with both frameworks meets the same; this one keeps Koa's
  // own version (~1.0, no types) at the top, and Express gets its 2.x nested.
  dependencies['content-disposition'] = '~1.0.1';
  const tools = [
    'typescript',
    '@types/node',
    '@types/koa',
    '@types/express',
    '@cloudflare/workers-types',
    'vitest',
    'fast-check',
    'msw',
    'esbuild',
  ];
  const devDependencies = Object.fromEntries(tools.map((name) => [name, versionOf(name, manifests)]));
  return { name: 'identity-web-packaging-consumer', private: true, dependencies, devDependencies };
}

/** A second copy of the core, with a second copy of @identity-web/oidc that uses it. */
export function secondCopyManifest(packs) {
  const tarball = (name) => `file:${packs.find((p) => p.manifest.name === name).tarball}`;
  return {
    name: 'identity-web-second-copy',
    private: true,
    dependencies: {
      '@identity-web/core': tarball('@identity-web/core'),
      '@identity-web/oidc': tarball('@identity-web/oidc'),
    },
  };
}
