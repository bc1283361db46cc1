// A short, display-safe name of the browser and system behind a `User-Agent`, for a user's session list.
// Hand-written, not a user-agent library, for the size of the edge bundle: the names are bowser's.

/** User-Agent headers longer than this are not parsed (real ones stay well below 1,000 characters). */
const MAX_USER_AGENT = 1_000;
/** The longest summary kept in a session. */
const MAX_SUMMARY = 80;

/**
 * Browsers, first match wins: a name, what a (lower-cased) header contains to be that browser, and
 * the tokens its version follows, the first found kept. Edge, Opera and Samsung name Chrome too
 * and so come before it; Chrome and Firefox on iOS are `CriOS/` and `FxiOS/`; Safari's version is
 * `Version/`. Only plain substring searches: no pattern can backtrack on a hostile header.
 */
const BROWSERS: readonly (readonly [name: string, tests: readonly string[], versions: readonly string[]])[] = [
  ['Googlebot', ['googlebot'], ['googlebot/', 'version/']],
  ['BingCrawler', ['bingbot'], ['bingbot/', 'version/']],
  ['Opera', ['opera'], ['version/', 'opera/', 'opera ']],
  ['Opera', ['opr/', 'opios'], ['opr/', 'opios/', 'version/']],
  ['Samsung Internet for Android', ['samsungbrowser'], ['version/', 'samsungbrowser/']],
  ['Opera Touch', ['opt/'], ['opt/', 'version/']],
  ['Yandex Browser', ['yabrowser'], ['yabrowser/', 'version/']],
  ['Internet Explorer', ['msie', 'trident'], ['msie ', 'rv:']],
  ['Microsoft Edge', [' edg/', 'edge/', 'edga/', 'edgios/'], [' edg/', 'edge/', 'edga/', 'edgios/']],
  ['Vivaldi', ['vivaldi'], ['vivaldi/']],
  ['Firefox', ['firefox', 'fxios'], ['firefox/', 'fxios/']],
  ['Chromium', ['chromium'], ['chromium/', 'version/']],
  ['Chrome', ['chrome', 'crios'], ['chrome/', 'crios/']],
  ['Android Browser', [], ['version/']], // any other browser on Android
  ['Safari', ['safari', 'applewebkit'], ['version/']],
];

/** The digits after the first of `tokens` the header has, if any. */
function major(ua: string, tokens: readonly string[]): string | undefined {
  for (const token of tokens) {
    const at = ua.indexOf(token);
    if (at === -1) continue;
    let end = at + token.length;
    while (end < ua.length && ua.charCodeAt(end) >= 48 && ua.charCodeAt(end) <= 57) end++;
    return end > at + token.length ? ua.slice(at + token.length, end) : undefined;
  }
  return undefined;
}

function osOf(ua: string, lower: string, android: boolean): string | undefined {
  if (lower.includes('windows phone')) return 'Windows Phone';
  if (lower.includes('windows ')) return 'Windows';
  const mac = ua.indexOf('Macintosh');
  // An iPad's Firefox sends a Mac's header, with FxiOS/ in it.
  if (mac !== -1 && ua.indexOf(' FxiOS/', mac) !== -1) return 'iOS';
  if (lower.includes('macintosh')) return 'macOS';
  if (lower.includes('iphone') || lower.includes('ipad') || lower.includes('ipod')) return 'iOS';
  if (android) return 'Android';
  if (lower.includes('linux')) return 'Linux';
  return ua.includes('CrOS') ? 'Chrome OS' : undefined;
}

/** No browser known: the product before the first comment or space, as `Mozilla 5`. */
function productOf(ua: string): string | undefined {
  const paren = ua.indexOf(' (');
  const end = paren !== -1 ? paren : ua.indexOf(' ');
  const slash = end === -1 ? -1 : ua.lastIndexOf('/', end);
  if (slash < 1) return undefined;
  const version = major(ua.slice(slash, end), ['/']);
  return `${ua.slice(0, slash)}${version ? ` ${version}` : ''}`;
}

/**
 * A short, display-safe name of the browser and system a `User-Agent` header names, for a
 * user's session list: `Chrome 131 on Windows`, `Safari 17 on iOS`, `Firefox on Linux`. Only the
 * major version is kept. The header is the client's word, so the summary keeps printable ASCII
 * only and is cut at 80 characters; `undefined` when there is nothing to summarize.
 */
export function deviceSummary(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined || userAgent.trim() === '' || userAgent.length > MAX_USER_AGENT) return undefined;
  const lower = userAgent.toLowerCase();
  const android = lower.includes('android') && !lower.includes('like android');
  const browser = BROWSERS.find(
    ([name, tests]) => tests.some((test) => lower.includes(test)) || (android && name === 'Android Browser'),
  );
  let name = productOf(userAgent);
  if (browser) {
    const version = major(lower, browser[2]);
    name = `${browser[0]}${version ? ` ${version}` : ''}`;
  }
  const summary = [name, osOf(userAgent, lower, android)]
    .filter((part) => part !== undefined && part !== '')
    .join(' on ');
  const safe = (summary || userAgent.split(/[\s/]/)[0] || '').replace(/[^\x20-\x7e]/g, '').trim();
  return safe === '' ? undefined : safe.slice(0, MAX_SUMMARY);
}
