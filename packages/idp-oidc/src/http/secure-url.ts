// Which provider endpoints may be called: https always, plain http only to loopback when the app opted in.
import { idpError } from '../errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `url` is plain http to this machine, the only http a test IdP may use. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** https always; http only to loopback and only when the application opted in. */
export function isAllowedEndpoint(url: URL, allowInsecureRequests: boolean): boolean {
  return url.protocol === 'https:' || (allowInsecureRequests && isLoopbackHttp(url));
}

/**
 * Resolves an endpoint of the discovery document and refuses anything but https. OpenID
 * RP-Initiated Logout 1.0 §2 and RFC 7009 §2 require https; plain http would hand tokens to anyone on the path.
 */
export function endpointUrl(value: unknown, name: string, allowInsecureRequests: boolean): URL {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : null;
  if (url === null) {
    throw idpError(`the provider metadata has no valid "${name}"`);
  }
  if (!isAllowedEndpoint(url, allowInsecureRequests)) {
    throw idpError(`the provider's "${name}" is not an https URL; refusing to use it`);
  }
  return url;
}
