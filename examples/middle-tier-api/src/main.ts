// `pnpm start`: the middle tier on its own, configured by MIDDLE_TIER_ISSUER, MIDDLE_TIER_CLIENT_ID,
// MIDDLE_TIER_CLIENT_SECRET, MIDDLE_TIER_SECRET, DOWNSTREAM_API_URL, PORT, REDIS_URL or DATABASE_URL,
// and for opaque tokens API_INTROSPECTION with the API_INTROSPECTION_* variables of the README.
import { introspectionFromEnv } from '@identity-web-examples/downstream-api';
import { startMiddleTierApi } from './start-middle-tier-api.js';

const env = process.env;
const required = [
  'MIDDLE_TIER_ISSUER',
  'MIDDLE_TIER_CLIENT_ID',
  'MIDDLE_TIER_CLIENT_SECRET',
  'MIDDLE_TIER_SECRET',
  'DOWNSTREAM_API_URL',
] as const;
const missing = required.filter((name) => !env[name]?.trim());
if (missing.length > 0) {
  console.error(`required: ${missing.join(', ')} (see README.md)`);
  process.exit(1);
}
const port = Number(env.PORT ?? 4009);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${env.PORT}"`);
  process.exit(1);
}
let introspection: ReturnType<typeof introspectionFromEnv>;
try {
  introspection = introspectionFromEnv(env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const middle = await startMiddleTierApi({
  issuer: env.MIDDLE_TIER_ISSUER ?? '',
  clientId: env.MIDDLE_TIER_CLIENT_ID ?? '',
  clientSecret: env.MIDDLE_TIER_CLIENT_SECRET ?? '',
  secret: env.MIDDLE_TIER_SECRET ?? '',
  downstream: { url: env.DOWNSTREAM_API_URL ?? '' },
  port,
  ...(introspection !== undefined && { introspection }),
  ...(env.REDIS_URL ? { redis: { url: env.REDIS_URL } } : {}),
  ...(env.DATABASE_URL ? { postgres: { url: env.DATABASE_URL } } : {}),
});
console.log(`middle-tier API: GET ${middle.chainUrl}, POST ${middle.url}/back-channel-logout`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void middle.close().then(() => process.exit(0)));
}
