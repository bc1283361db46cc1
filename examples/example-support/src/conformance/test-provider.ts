// A real OpenID provider (the demo IdP, oidc-provider) made to misbehave the way one module of
// the OpenID Foundation's relying-party test plans does. Every ID token it issues is re-signed
// with the module's own keys, which its JWKS publishes beside the provider's.
import { type DemoIdp, type DemoInterop, type MisbehavingContext, startDemoIdp } from '@identity-web-examples/demo-idp';
import { claimsOf, type ModuleKey, moduleKey, signJws } from './signing.js';

/** What a module changes in the provider's answers; each hook runs after oidc-provider answered. */
export interface Misbehaviour {
  /** The discovery document. */
  discovery?(document: Record<string, unknown>, op: TestProvider): void;
  /** The JWKS body; default: the provider's keys and the module's. */
  jwks?(op: TestProvider, providerKeys: readonly unknown[]): unknown;
  /** The ID token of a token response, from its claims as oidc-provider issued them; default: signed by `op.signer`. */
  idToken?(claims: Record<string, unknown>, op: TestProvider): string;
  /** The UserInfo response. */
  userinfo?(claims: Record<string, unknown>): void;
  /** The redirect back to the app with the authorization response. */
  authorizationResponse?(location: URL): void;
  /** The token response (besides its ID token). */
  tokenResponse?(body: Record<string, unknown>): void;
  /** Before the provider answers the n-th authorization request (1, 2, …). */
  beforeAuthorization?(op: TestProvider, n: number): void;
  /** Before the n-th token response is made. */
  beforeToken?(op: TestProvider, n: number): void;
  /** The redirect back to the app after RP-initiated logout (`post_logout_redirect_uri`). */
  postLogoutRedirect?(location: URL): void;
  /** A request the module answers itself (a moved `jwks_uri`); `undefined`: the provider answers. */
  answer?(ctx: MisbehavingContext, op: TestProvider): boolean;
}

const ROUTES = {
  discovery: '/.well-known/openid-configuration',
  jwks: '/jwks',
  token: '/token',
  userinfo: '/me',
} as const;

/** The demo IdP, misbehaving for one module; `calls` lists the paths the app requested, in order. */
export class TestProvider {
  /** Paths requested, in order (the app's and the browser's). */
  readonly calls: string[] = [];
  /** The module's keys in the JWKS. */
  keys: ModuleKey[];
  /** The key that signs ID tokens. */
  signer: ModuleKey;
  /** The claims of the last ID token handed out (its `sub` and `sid` name the session to log out). */
  lastIdToken: Record<string, unknown> = {};
  #resign = true;
  #authorizations = 0;
  #tokens = 0;

  private constructor(
    readonly idp: DemoIdp,
    signer: ModuleKey,
  ) {
    this.signer = signer;
    this.keys = [signer];
  }

  get issuer(): string {
    return this.idp.issuer;
  }

  /** How often a path was requested. */
  count(path: string): number {
    return this.calls.filter((p) => p === path).length;
  }

  /** Publishes new keys (new `kid`s) in place of the module's, and signs with the first. */
  rotate(alg: 'RS256' | 'ES256'): void {
    this.signer = moduleKey(alg);
    this.keys = [this.signer];
  }

  static async start(options: {
    readonly clientId: string;
    readonly clientSecret?: string;
    readonly baseUrl: string;
    readonly fapi: boolean;
    readonly interop?: DemoInterop;
    /** Load the app's front-channel logout URL in an iframe of the logout page. Default false. */
    readonly frontChannel?: boolean;
    /**
     * Re-sign every ID token with the module's key (default). `false` hands out the provider's
     * own, which it recognises again as an `id_token_hint` at its end-session endpoint.
     */
    readonly resignIdTokens?: boolean;
    readonly misbehaviour: Misbehaviour;
  }): Promise<TestProvider> {
    const { misbehaviour: m } = options;
    let op: TestProvider | undefined;
    const idp = await startDemoIdp({
      clients: [
        {
          clientId: options.clientId,
          baseUrl: options.baseUrl,
          ...(options.clientSecret !== undefined && { clientSecret: options.clientSecret }),
        },
      ],
      fapi: options.fapi,
      backChannel: false,
      frontChannel: options.frontChannel === true,
      ...(options.interop !== undefined && { interop: options.interop }),
      misbehave: async (ctx, next) => {
        const provider = op;
        if (provider === undefined) return next();
        provider.calls.push(ctx.path);
        if (m.answer?.(ctx, provider) === true) return;
        if (ctx.path.startsWith('/auth') && ctx.method === 'GET' && ctx.path === '/auth') {
          m.beforeAuthorization?.(provider, ++provider.#authorizations);
        }
        if (ctx.path === ROUTES.token) m.beforeToken?.(provider, ++provider.#tokens);
        await next();
        provider.#after(ctx, m);
      },
    });
    op = new TestProvider(
      idp,
      moduleKey(options.fapi ? 'ES256' : 'RS256', options.fapi ? 'module-es256' : 'module-rs256'),
    );
    op.#resign = options.resignIdTokens !== false;
    return op;
  }

  #after(ctx: MisbehavingContext, m: Misbehaviour): void {
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.path === ROUTES.discovery && body !== undefined) m.discovery?.(body, this);
    if (ctx.path === ROUTES.jwks && body !== undefined) {
      const providerKeys = Array.isArray(body.keys) ? body.keys : [];
      ctx.body = m.jwks?.(this, providerKeys) ?? { keys: [...providerKeys, ...this.keys.map((k) => k.jwk)] };
    }
    if (ctx.path === ROUTES.token && ctx.status === 200 && body !== undefined) {
      if (typeof body.id_token === 'string') {
        const claims = claimsOf(body.id_token);
        this.lastIdToken = { ...claims };
        if (m.idToken !== undefined) body.id_token = m.idToken(claims, this);
        else if (this.#resign) body.id_token = signJws(claims, this.signer);
      }
      m.tokenResponse?.(body);
    }
    if (ctx.path === ROUTES.userinfo && ctx.status === 200 && body !== undefined) m.userinfo?.(body);
    const location = ctx.response.get('location');
    if (location === '') return;
    const url = new URL(location, this.issuer);
    const change = /[?&#](code|error)=/.test(location)
      ? m.authorizationResponse
      : ctx.path.startsWith('/session/end') && url.origin !== this.issuer
        ? m.postLogoutRedirect
        : undefined;
    if (change === undefined) return;
    change(url);
    ctx.response.set('location', url.href);
  }

  close(): Promise<void> {
    return this.idp.close();
  }
}
