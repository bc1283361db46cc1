import type { Account } from './account.js';

/** What the `onSignIn` hook learns about a sign-in whose callback has just been validated. */
export interface SignInEvent {
  /** The ID token claims the IdP package exposes (`account.claims`; no tokens among them). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The account about to be signed in. */
  readonly account: Account;
  readonly tokens: {
    /** The raw ID token, when the IdP sent one. */
    readonly idToken?: string;
    /** Scopes the IdP granted this sign-in. */
    readonly scopes: readonly string[];
  };
}

/**
 * What `onSignIn` decides: nothing (`undefined`) or `true` lets the sign-in through as it is;
 * `false` refuses it; `{ claims }` lets it through with app claims added to the session.
 */
export type SignInDecision = undefined | boolean | { readonly claims?: Readonly<Record<string, unknown>> };

/**
 * Runs once per sign-in, after the callback was validated and before anything is stored.
 * @example
 * onSignIn: async ({ account }) => (await isBlocked(account.subject) ? false : { claims: { plan: 'pro' } })
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook may end without a return statement (void), meaning "let it through".
export type SignInHook = (event: SignInEvent) => SignInDecision | void | Promise<SignInDecision | void>;
