// The types of the `onSignIn` hook: what it learns about a sign-in and what it may decide.
import type { Account } from './account.js';

/**
 * What the `onSignIn` hook learns about a sign-in whose callback has just been validated.
 *
 * @group Events
 */
export interface SignInEvent {
  /** The ID token claims the IdP package exposes (`account.claims`; no tokens among them). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The account about to be signed in. */
  readonly account: Account;
  /** What the token response of this sign-in carried, for checks the claims alone cannot answer. */
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
 *
 * @group Events
 */
export type SignInDecision =
  | undefined
  | boolean
  | {
      /**
       * App claims to add to the account's `claims` in the session, replacing IdP claims of the
       * same name (so `requireAuth` checks see them). A JSON-serializable object of at most 8 KiB
       * once serialized; the session keeps a JSON copy.
       */
      readonly claims?: Readonly<Record<string, unknown>>;
    };

/**
 * Runs once per sign-in, after the callback was validated and before anything is stored.
 * @example
 * onSignIn: async ({ account }) => (await isBlocked(account.subject) ? false : { claims: { plan: 'pro' } })
 *
 * @group Events
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook may end without a return statement (void), meaning "let it through".
export type SignInHook = (event: SignInEvent) => SignInDecision | void | Promise<SignInDecision | void>;
