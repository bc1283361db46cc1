// oidc-provider ships no types; this declares only what the integration test touches.
declare module 'oidc-provider' {
  interface OidcProviderClient {
    backchannelLogout(sub: string, sid: string): Promise<void>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly Client: { find(clientId: string): Promise<OidcProviderClient | undefined> };
    callback(): (...args: unknown[]) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
