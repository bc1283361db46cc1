// oidc-provider ships no types; this declares only what the integration tests touch.
declare module 'oidc-provider' {
  interface OidcProviderClient {
    readonly clientId: string;
    backchannelLogout(sub: string, sid: string): Promise<void>;
  }
  /** An access token the provider issues (its model), as a custom grant makes one. */
  interface OidcAccessToken {
    resourceServer: unknown;
    readonly expiration: number;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }
  /** The part of a Koa context a test middleware touches. */
  interface OidcKoaContext {
    readonly path: string;
    status: number;
    body: unknown;
    /** The Node request: its `close` event tells a middleware that holds the answer back when to give up. */
    readonly req: { once(event: 'close', listener: () => void): unknown };
  }
  /** The error classes grants throw: each answers its OAuth error (RFC 6749 §5.2). */
  type OidcError = new (description?: string) => Error;
  export const errors: {
    readonly InvalidRequest: OidcError;
    readonly InvalidGrant: OidcError;
    readonly InvalidTarget: OidcError;
    readonly UnauthorizedClient: OidcError;
  };
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    readonly Client: { find(clientId: string): Promise<OidcProviderClient | undefined> };
    readonly AccessToken: (new (
      properties: Record<string, unknown>,
    ) => OidcAccessToken) & { find(token: string): Promise<OidcAccessToken | undefined> };
    readonly ResourceServer: new (
      identifier: string,
      info: Record<string, unknown>,
    ) => unknown;
    registerGrantType(name: string, handler: (ctx: never) => Promise<void>, parameters: readonly string[]): void;
    callback(): (...args: unknown[]) => void;
    /** A Koa middleware in front of every endpoint (to make one fail, say). */
    use(middleware: (ctx: OidcKoaContext, next: () => Promise<void>) => Promise<void>): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
