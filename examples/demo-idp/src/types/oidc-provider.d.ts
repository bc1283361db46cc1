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
    InvalidGrant: new (description?: string) => OIDCProviderError;
    InvalidRequest: new (description?: string) => OIDCProviderError;
    InvalidScope: new (description?: string) => OIDCProviderError;
    UnauthorizedClient: new (description?: string) => OIDCProviderError;
  };

  /** An access token being issued (RFC 8693 token exchange, token-exchange.ts). */
  export interface AccessTokenModel {
    resourceServer: unknown;
    readonly scope?: string;
    readonly expiration: number;
    /** Stores it if need be; resolves to the token (a JWT for a JWT resource server). */
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    readonly AccessToken: new (
      fields: Record<string, unknown>,
    ) => AccessTokenModel;
    readonly ResourceServer: new (
      identifier: string,
      info: Record<string, unknown>,
    ) => unknown;
    readonly Client: { find(clientId: string): Promise<unknown> };
    registerGrantType(
      type: string,
      handler: (ctx: never, next: () => Promise<void>) => Promise<void>,
      parameters: readonly string[],
    ): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    /** Adds a Koa middleware in front of every route. */
    use(middleware: (ctx: never, next: () => Promise<void>) => Promise<void>): void;
  }
}
