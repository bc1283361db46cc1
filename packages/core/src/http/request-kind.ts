// What kind of request an answer goes to: a browser's navigation, which gets pages and redirects,
// or a script's call (`fetch`, XHR), which gets JSON.
import type { HttpRequest } from './types.js';

/**
 * A top-level navigation of a browser (it can follow a redirect to the provider and show a
 * page), as opposed to a script's call (`fetch`, XHR) that needs JSON.
 */
export function isBrowserNavigation(req: HttpRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.header('x-requested-with') !== undefined) return false;
  const mode = req.header('sec-fetch-mode');
  if (mode !== undefined && mode !== 'navigate') return false;
  return (req.header('accept') ?? '').includes('text/html');
}

/**
 * A request to an auth route that a script sent (`fetch` of `/auth/sign-out` with
 * `X-CSRF-Token`, say): its error is JSON. Those routes are navigations by design (a form post
 * included, whatever its method), so a page stays the answer unless the request says otherwise:
 * Fetch Metadata's `Sec-Fetch-Mode` other than `navigate`, `X-Requested-With`, or an `Accept`
 * that names JSON and not HTML.
 */
export function isScriptCall(req: HttpRequest): boolean {
  if (req.header('x-requested-with') !== undefined) return true;
  const mode = req.header('sec-fetch-mode');
  if (mode !== undefined) return mode !== 'navigate';
  const accept = req.header('accept') ?? '';
  return accept.includes('json') && !accept.includes('text/html');
}
