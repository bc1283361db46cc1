/** One `GET /auth/callback` as the app saw it, in µs. */
export interface CallbackTiming {
  /** From the request entering the app to its answer (identity-web's callback handler). */
  readonly totalUs: number;
  /** Of which the app waited on the provider: the token request, the JWKS, UserInfo (bodies read). */
  readonly providerUs: number;
}

/** What a server did since the last time it was asked. */
export interface ServerStats {
  /** CPU time of its process (user + system), µs; `undefined` when it shares a process. */
  readonly cpuMicros: number | undefined;
  /** The app only: its callbacks, in order. */
  readonly callbacks: readonly CallbackTiming[];
  /** The app only: the last ID token the provider's token endpoint answered with. */
  readonly idToken: string | undefined;
}

/** The provider's side of the setup, fixed before anything starts. */
export interface IdpConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The app's origin, which the provider registers the client's redirect URI under. */
  readonly appUrl: string;
}

/** The app's side: its port and the provider it signs in at. */
export interface AppConfig {
  readonly port: number;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly secret: string;
}

export type Role =
  | { readonly role: 'idp'; readonly config: IdpConfig }
  | { readonly role: 'app'; readonly config: AppConfig };

/** What the parent tells a server process. */
export type ToChild = { readonly type: 'stats' };

/** What a server process tells the parent. */
export type FromChild =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'stats'; readonly stats: ServerStats }
  | { readonly type: 'failed'; readonly message: string };

/** The session cookie's name in the app (fixed: the default carries the port). */
export const SESSION_COOKIE = 'bench.session';
/** The protected route the sign-ins return to. */
export const PROTECTED_PATH = '/me';
