// The Worker's bindings, declared the way `npx wrangler types` declares them from wrangler.jsonc
// and .dev.vars.
import type { IdentityWebDurableObject } from '@identity-web/cloudflare';

declare global {
  namespace Cloudflare {
    interface Env {
      APP_URL: string;
      APP_SECRET: string;
      OIDC_ISSUER: string;
      OIDC_CLIENT_ID: string;
      OIDC_CLIENT_SECRET: string;
      /** `"true"` in .dev.vars only: the local demo IdP speaks plain http on 127.0.0.1. */
      OIDC_ALLOW_INSECURE_REQUESTS?: string;
      /** Optional: a Shared Signals transmitter's issuer, whose security events sign users out. */
      SHARED_SIGNALS_ISSUER?: string;
      IDENTITY_WEB_STATE: DurableObjectNamespace<IdentityWebDurableObject>;
    }
  }
}
