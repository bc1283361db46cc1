// The flags of every cookie identity-web sets, in one place, and the set and clear cookies built with them.
import type { Settings } from '../config/settings.js';
import type { CookieOptions, CookieToSet } from './types.js';

/**
 * Cookie flags in one place. Session: HttpOnly, SameSite=Lax (sent on top-level navigations
 * from the IdP, not on cross-site subrequests), Secure on https with the `__Host-` prefix.
 */
export function cookieOptions(settings: Settings, maxAge: number, sameSite: CookieOptions['sameSite'] = 'Lax') {
  // SameSite=None is only honoured on Secure cookies.
  return { httpOnly: true, secure: settings.secure || sameSite === 'None', sameSite, path: '/', maxAge } as const;
}

export function setCookie(
  settings: Settings,
  name: string,
  value: string,
  maxAge: number,
  sameSite?: CookieOptions['sameSite'],
): CookieToSet {
  return { name, value, options: cookieOptions(settings, maxAge, sameSite) };
}

export function clearCookie(settings: Settings, name: string, sameSite?: CookieOptions['sameSite']): CookieToSet {
  return { name, value: '', options: cookieOptions(settings, 0, sameSite) };
}
