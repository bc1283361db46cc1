// Type-checked against @cloudflare/workers-types (tsconfig.worker.json): a Worker on Hono with the
// Durable Object stores, as the @identity-web/cloudflare README sets it up.

import { createCloudflareStores, IdentityWebDurableObject } from '@identity-web/cloudflare';
import { createIdentityWeb } from '@identity-web/core';
import { type IdentityWebEnv, identityWeb } from '@identity-web/hono';
import { createOidcProvider } from '@identity-web/oidc';
import { Hono } from 'hono';

interface Env {
  IDENTITY_WEB_STATE: DurableObjectNamespace<IdentityWebDurableObject>;
  APP_SECRET: string;
}

export { IdentityWebDurableObject };

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const identity = createIdentityWeb({
      identityProvider: createOidcProvider({ issuer: 'https://login.example.com', clientId: 'a' }),
      baseUrl: 'https://app.example.com',
      secret: env.APP_SECRET,
      stores: createCloudflareStores(env.IDENTITY_WEB_STATE),
    });
    const app = new Hono<IdentityWebEnv>();
    app.use(identityWeb(identity));
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
