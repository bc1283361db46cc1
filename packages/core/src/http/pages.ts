// The HTML pages identity-web answers with: the app's renderer or the minimal default, every part escaped.
import type { Page, PageKind, PageRenderer, ProviderChoice } from '../domain/page.js';

export type { Page, PageKind, PageRenderer, ProviderChoice };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const TITLES: Record<PageKind, string> = {
  'signed-out': 'Signed out',
  'sign-in-problem': 'Sign-in problem',
  'sign-out-problem': 'Sign-out problem',
  'consent-not-granted': 'Access not granted',
  forbidden: 'Access denied',
  'sign-in-refused': 'Sign-in refused',
  'server-error': 'Something went wrong',
  'not-found': 'Not found',
  'choose-provider': 'Sign in',
};

export function titleOf(kind: PageKind): string {
  return TITLES[kind];
}

/** The default pages: minimal, and every dynamic part escaped. */
export const renderDefaultPage: PageRenderer = ({ title, message, choices, signInAgainUrl }) => {
  const links = [
    ...(choices ?? []).map((c) => ({ href: c.href, name: c.name })),
    ...(signInAgainUrl === undefined ? [] : [{ href: signInAgainUrl, name: 'Sign in again' }]),
  ].map((c) => `<li><a href="${escapeHtml(c.href)}">${escapeHtml(c.name)}</a></li>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(
    title,
  )}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${
    links.length > 0 ? `<ul>${links.join('')}</ul>` : ''
  }</main></body></html>`;
};

/** The page of `kind` as the app renders it (its `pages.render`) or by default. */
export function renderPage(
  render: PageRenderer | null,
  kind: PageKind,
  status: number,
  message: string,
  links: Pick<Page, 'choices' | 'signInAgainUrl'> = {},
): string {
  return (render ?? renderDefaultPage)({ kind, status, title: titleOf(kind), message, ...links });
}
