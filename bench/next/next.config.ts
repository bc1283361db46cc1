import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  // `pnpm typecheck` checks it (tsc -p tsconfig.json); the build does not check it again.
  typescript: { ignoreBuildErrors: true },
  // The workspace's packages are built from their TypeScript sources (tsconfig.json's paths),
  // whose imports name the `.js` files the compiler writes: webpack finds the `.ts` behind them.
  webpack(webpackConfig: { resolve: { extensionAlias?: Record<string, string[]> } }) {
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] };
    return webpackConfig;
  },
};

export default config;
