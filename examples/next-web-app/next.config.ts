import type { NextConfig } from 'next';

const config: NextConfig = {
  // The examples' shared kit (environment, identity-web setup, pages) is TypeScript sources of this workspace.
  transpilePackages: ['@identity-web-examples/web-app-kit'],
  // Next.js's 403 page for `requireAuth({ roles })`: `forbidden()` needs it.
  experimental: { authInterrupts: true },
  // Loaded by Node as they are: the Redis and PostgreSQL clients and MSAL need no bundling.
  serverExternalPackages: ['redis', 'pg', '@azure/msal-node'],
  poweredByHeader: false,
  // `pnpm typecheck` checks the app (tsc -p tsconfig.typecheck.json); the build does not check it again.
  typescript: { ignoreBuildErrors: true },
};

export default config;
