// oidc-provider ships no types; this declares only what the demo IdP touches.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcSession {
    readonly accountId?: string;
    readonly authorizations?: Readonly<Record<string, { readonly sid?: string }>>;
    sidFor(clientId: string): string | undefined;
  }

  export interface OidcClient {
    readonly clientId: string;
  }

  /** The slice of oidc-provider's Koa context (`ctx.oidc`, `ctx.body`) the demo pages use. */
  export interface OidcContext {
    body: unknown;
    type: string;
    readonly oidc: {
      readonly session?: OidcSession;
      readonly client?: OidcClient;
      readonly entities: Readonly<Record<string, unknown>>;
      /** The request's parameters (`grant_type` at the token endpoint). */
      readonly params?: Readonly<Record<string, unknown>>;
    };
  }

  export class OIDCProviderError extends Error {
    constructor(status: number, message: string);
    readonly error: string;
    readonly status: number;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => OIDCProviderError;
  };

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    /** Adds a Koa middleware in front of every route. */
    use(middleware: (ctx: never, next: () => Promise<void>) => Promise<void>): void;
  }
}
