// A short, display-safe name of the browser and system behind a `User-Agent`, for a user's session list.
import Bowser from 'bowser';

/** User-Agent headers longer than this are not parsed (real ones stay well below 1,000 characters). */
const MAX_USER_AGENT = 1_000;
/** The longest summary kept in a session. */
const MAX_SUMMARY = 80;

/**
 * A short, display-safe name of the browser and system a `User-Agent` header names, for a
 * user's session list: `Chrome 131 on Windows`, `Safari 17 on iOS`, `Firefox on Linux`. Only the
 * major version is kept. The header is the client's word, so the summary keeps printable ASCII
 * only and is cut at 80 characters; `undefined` when there is nothing to summarize.
 */
export function deviceSummary(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined || userAgent.trim() === '' || userAgent.length > MAX_USER_AGENT) return undefined;
  const { browser, os } = Bowser.parse(userAgent);
  const major = browser.version?.split('.')[0];
  const name = browser.name ? `${browser.name}${major ? ` ${major}` : ''}` : undefined;
  const summary = [name, os.name].filter((part) => part !== undefined && part !== '').join(' on ');
  const safe = (summary || userAgent.split(/[\s/]/)[0] || '').replace(/[^\x20-\x7e]/g, '').trim();
  return safe === '' ? undefined : safe.slice(0, MAX_SUMMARY);
}
