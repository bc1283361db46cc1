import { type AuthContext, PROMETHEUS_CONTENT_TYPE } from '@identity-web/core';
import { type CacheState, cacheState } from './cache-state.js';
import { callDownstreamApi, type JsonAnswer } from './call-downstream-api.js';
import type { WebAppIdentity } from './config/create-web-app-identity.js';
import { cachePage } from './pages/cache-page.js';
import { homePage } from './pages/home-page.js';

/** The example app's routes, framework-free: each app maps them onto Koa or Hono in a line each. */
export interface WebAppRoutes {
  /** `GET /` (HTML) */
  home(auth: AuthContext): string;
  /** `GET /cache[?watch=1]` (HTML) */
  cache(auth: AuthContext, watch: boolean): Promise<string>;
  /** `GET /cache.json` */
  cacheJson(auth: AuthContext): Promise<CacheState>;
  /** `GET /call-api[?scope=…]`, behind `requireAuth()` */
  callApi(auth: AuthContext, scope: string | undefined): Promise<JsonAnswer>;
  /** `GET /metrics`: Prometheus text, served with {@link METRICS_CONTENT_TYPE} */
  metrics(): Promise<string>;
}

export const METRICS_CONTENT_TYPE = PROMETHEUS_CONTENT_TYPE;

export function webAppRoutes(appName: string, { config, identity, metrics }: WebAppIdentity): WebAppRoutes {
  const api = config.downstreamApi;
  return {
    home: (auth) => homePage(appName, auth, api),
    cache: async (auth, watch) => cachePage(appName, await cacheState(identity, auth), watch),
    cacheJson: (auth) => cacheState(identity, auth),
    callApi: (auth, scope) => callDownstreamApi(auth, api, scope),
    metrics,
  };
}
