/** Every HTML page identity-web answers with. */
export type PageKind =
  | 'signed-out'
  | 'sign-in-problem'
  | 'sign-out-problem'
  | 'consent-not-granted'
  | 'forbidden'
  | 'sign-in-refused'
  | 'server-error';

/** What a page shows; `message` is safe to show (never a 5xx detail). */
export interface Page {
  /** Which page this is, for a renderer that varies by page. */
  readonly kind: PageKind;
  /** The HTTP status the page is sent with: 200 for `signed-out`, the error's 4xx or 5xx otherwise. */
  readonly status: number;
  /** identity-web's English heading for `kind` ("Signed out", "Access denied", ...). */
  readonly title: string;
  /**
   * What to tell the user: "You have been signed out." on `signed-out`; on an error page, the
   * error's message when it is safe to show, else a generic sentence.
   */
  readonly message: string;
}

/** Renders a page to a full HTML document. Everything in `page` is plain text: escape it. */
export type PageRenderer = (page: Page) => string;
