// `node scripts/lib/build-if-stale.mjs`: `pnpm build` of every package when some package's dist/
// is missing or older than its sources; nothing otherwise. What an example app built as an app
// on the published packages is (Next.js's, from their dist/) runs before its own build.
import { buildIfStale } from './workspace.mjs';

buildIfStale(process.argv[2] ?? 'build-if-stale');
