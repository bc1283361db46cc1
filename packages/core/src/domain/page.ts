/**
 * Every HTML page identity-web answers with.
 *
 * @group Pages
 */
export type PageKind =
  | 'signed-out'
  | 'sign-in-problem'
  | 'sign-out-problem'
  | 'consent-not-granted'
  | 'forbidden'
  | 'sign-in-refused'
  | 'server-error'
  | 'not-found'
  | 'choose-provider';

/**
 * One way to sign in on the `choose-provider` page.
 *
 * @group Pages
 */
export interface ProviderChoice {
  /** The provider's name under `identityProviders`. */
  readonly name: string;
  /** Where its link goes: the sign-in route with `provider` set and the request's other parameters kept. */
  readonly href: string;
}

/**
 * What a page shows; `message` is safe to show (never a 5xx detail).
 *
 * @group Pages
 */
export interface Page {
  /** Which page this is, for a renderer that varies by page. */
  readonly kind: PageKind;
  /** The HTTP status the page is sent with: 200 for `signed-out` and `choose-provider`, the error's 4xx or 5xx otherwise. */
  readonly status: number;
  /** identity-web's English heading for `kind` ("Signed out", "Access denied", ...). */
  readonly title: string;
  /**
   * What to tell the user: "You have been signed out." on `signed-out`; on an error page, the
   * error's message when it is safe to show, else a generic sentence.
   */
  readonly message: string;
  /**
   * On `choose-provider` (a sign-in without `provider` in an app with several
   * `identityProviders`): one link per provider, in the order they were configured.
   */
  readonly choices?: readonly ProviderChoice[];
  /**
   * On the `server-error` page of a sign-in that a logout of the same account overtook (503,
   * with `Retry-After`): the sign-in route with the same `returnTo`, for a "Sign in again" link.
   */
  readonly signInAgainUrl?: string;
}

/**
 * Renders a page to a full HTML document. Everything in `page` is plain text: escape it.
 *
 * @group Pages
 */
export type PageRenderer = (page: Page) => string;
