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
  readonly kind: PageKind;
  readonly status: number;
  readonly title: string;
  readonly message: string;
}

/** Renders a page to a full HTML document. Everything in `page` is plain text: escape it. */
export type PageRenderer = (page: Page) => string;
