// The bindings of the test and example Workers, declared the way `wrangler types` declares them.
import type { IdentityWebDurableObject } from '@identity-web/cloudflare';

declare global {
  namespace Cloudflare {
    interface Env {
      APP_URL: string;
      APP_SECRET: string;
      OIDC_ISSUER: string;
      /** The issuer of a second provider: when bound, the app signs in with `work` or `partner`. */
      PARTNER_ISSUER?: string;
      OIDC_CLIENT_ID: string;
      OIDC_CLIENT_SECRET: string;
      IDENTITY_WEB_STATE: DurableObjectNamespace<IdentityWebDurableObject>;
    }
  }
}
