// `pnpm start`: the API on its own, configured by API_ISSUER (one issuer, or several separated by
// spaces), API_AUDIENCE, API_SCOPES, PORT, and for opaque tokens API_INTROSPECTION (with
// API_CLIENT_ID, API_CLIENT_SECRET and the API_INTROSPECTION_* variables of the README).
import { introspectionFromEnv } from './introspection-env.js';
import { startDownstreamApi } from './start-downstream-api.js';

const { API_ISSUER, API_AUDIENCE, API_SCOPES, API_CLIENT_ID, API_CLIENT_SECRET, PORT } = process.env;
if (!API_ISSUER?.trim()) {
  console.error(
    'API_ISSUER is required: the issuer of the access tokens, e.g. http://127.0.0.1:4000 (several: space-separated)',
  );
  process.exit(1);
}
const port = Number(PORT ?? 4001);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${PORT}"`);
  process.exit(1);
}
let introspection: ReturnType<typeof introspectionFromEnv>;
try {
  introspection = introspectionFromEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
if (introspection !== undefined && !(API_CLIENT_ID?.trim() && API_CLIENT_SECRET?.trim())) {
  console.error('API_INTROSPECTION needs API_CLIENT_ID and API_CLIENT_SECRET: the API asks as its own client');
  process.exit(1);
}
const api = await startDownstreamApi({
  issuers: API_ISSUER.split(/\s+/).filter(Boolean),
  port,
  ...(API_AUDIENCE ? { audience: API_AUDIENCE } : {}),
  ...(API_SCOPES ? { scopes: API_SCOPES.split(/\s+/).filter(Boolean) } : {}),
  ...(introspection !== undefined && {
    introspection,
    client: { clientId: API_CLIENT_ID ?? '', clientSecret: API_CLIENT_SECRET ?? '' },
  }),
});
console.log(`downstream API: GET ${api.whoamiUrl}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void api.close().then(() => process.exit(0)));
}
