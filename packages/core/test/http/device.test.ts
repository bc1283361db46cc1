// deviceSummary against real User-Agent headers. The expected summaries are what bowser made of
// each header (recorded before bowser was replaced), so the summaries sessions store do not change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceSummary } from '../../src/http/device.js';

describe('deviceSummary', () => {
  it.each([
    [
      'Windows, Chrome',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome 131 on Windows',
    ],
    [
      'macOS, Chrome',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome 131 on macOS',
    ],
    [
      'Linux, Chrome',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome 131 on Linux',
    ],
    [
      'ChromeOS',
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome 131 on Chrome OS',
    ],
    [
      'Android, Chrome',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome 131 on Android',
    ],
    [
      'Android, Chrome with the reduced UA',
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.135 Mobile Safari/537.36',
      'Chrome 131 on Android',
    ],
    [
      'Android, an in-app WebView',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.135 Mobile Safari/537.36',
      'Chrome 131 on Android',
    ],
    [
      'iPhone, Chrome',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.134 Mobile/15E148 Safari/604.1',
      'Chrome 131 on iOS',
    ],
    [
      'iPad, Chrome',
      'Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.134 Mobile/15E148 Safari/604.1',
      'Chrome 131 on iOS',
    ],
    [
      'macOS, Safari',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      'Safari 17 on macOS',
    ],
    [
      'iPhone, Safari',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1.1 Mobile/15E148 Safari/604.1',
      'Safari 18 on iOS',
    ],
    [
      'iPad, Safari',
      'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
      'Safari 17 on iOS',
    ],
    [
      'iPhone, an in-app WebView',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
      'Safari on iOS',
    ],
    [
      'Linux, Firefox',
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox 133 on Linux',
    ],
    [
      'Fedora, Firefox',
      'Mozilla/5.0 (X11; Fedora; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox 133 on Linux',
    ],
    [
      'Windows, Firefox',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox 133 on Windows',
    ],
    [
      'macOS, Firefox',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox 133 on macOS',
    ],
    [
      'Android, Firefox',
      'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
      'Firefox 133 on Android',
    ],
    [
      'iPhone, Firefox',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15',
      'Firefox 133 on iOS',
    ],
    [
      'iPad, Firefox (a desktop UA)',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15',
      'Firefox 133 on iOS',
    ],
    [
      'Windows, Edge',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
      'Microsoft Edge 131 on Windows',
    ],
    [
      'macOS, Edge',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
      'Microsoft Edge 131 on macOS',
    ],
    [
      'Android, Edge',
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.2903.87',
      'Microsoft Edge 131 on Android',
    ],
    [
      'iPhone, Edge',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/131.2903.92 Mobile/15E148 Safari/605.1.15',
      'Microsoft Edge 131 on iOS',
    ],
    [
      'Windows, legacy Edge',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582',
      'Microsoft Edge 18 on Windows',
    ],
    [
      'Windows, Opera',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
      'Opera 115 on Windows',
    ],
    [
      'Android, Opera',
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 OPR/86.0.0.0',
      'Opera 86 on Android',
    ],
    [
      'Windows, Opera before 15',
      'Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18',
      'Opera 12 on Windows',
    ],
    [
      'iPhone, Opera Touch',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) OPT/5.0.6 Mobile/15E148',
      'Opera Touch 5 on iOS',
    ],
    [
      'Android, Samsung Internet',
      'Mozilla/5.0 (Linux; Android 14; SM-S928B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36',
      'Samsung Internet for Android 27 on Android',
    ],
    [
      'Android tablet, Samsung Internet',
      'Mozilla/5.0 (Linux; Android 9; SAMSUNG SM-T825) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/16.0 Chrome/92.0.4515.166 Safari/537.36',
      'Samsung Internet for Android 16 on Android',
    ],
    [
      'Windows, Vivaldi',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Vivaldi/7.0.3495.18',
      'Vivaldi 7 on Windows',
    ],
    [
      'Windows, Yandex',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 YaBrowser/24.12.0.0 Safari/537.36',
      'Yandex Browser 24 on Windows',
    ],
    [
      'Linux, Chromium',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/131.0.0.0 Chrome/131.0.0.0 Safari/537.36',
      'Chromium 131 on Linux',
    ],
    [
      'Ubuntu, Chromium',
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/120.0.6099.224 Chrome/120.0.6099.224 Safari/537.36',
      'Chromium 120 on Linux',
    ],
    [
      'Linux, headless Chrome',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Chrome 131 on Linux',
    ],
    [
      'Windows, Internet Explorer 11',
      'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
      'Internet Explorer 11 on Windows',
    ],
    [
      'Windows, Internet Explorer 10',
      'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)',
      'Internet Explorer 10 on Windows',
    ],
    [
      'Windows Phone, Edge',
      'Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.14977',
      'Microsoft Edge 15 on Windows Phone',
    ],
    [
      'Android, the stock browser',
      'Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30',
      'Android Browser 4 on Android',
    ],
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Googlebot 2'],
    [
      'Googlebot, smartphone',
      'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.139 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Googlebot 2 on Android',
    ],
    ['bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'BingCrawler 2'],
    ['a bare Mozilla token and a system', 'Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla 5 on Linux'],
    ['curl', 'curl/8.5.0', 'curl'],
    ['python-requests', 'python-requests/2.32.3', 'python-requests'],
    ['okhttp', 'okhttp/4.12.0', 'okhttp'],
    ['a product alone', 'node', 'node'],
    ['an empty product', '/1.0', undefined],
    // bowser's answers, kept: an app's HTTP client on Android reads as the stock browser, and
    // a bare Mozilla token as a browser; both are odd but harmless, and stored summaries match.
    [
      'an Android app (Dalvik)',
      'Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP2A.240905.003)',
      'Android Browser on Android',
    ],
  ])('%s', (_label, userAgent, summary) => {
    expect(deviceSummary(userAgent)).toBe(summary);
  });

  it('keeps nothing for no header, a blank one or one too long to be real', () => {
    expect(deviceSummary(undefined)).toBeUndefined();
    expect(deviceSummary('')).toBeUndefined();
    expect(deviceSummary('   ')).toBeUndefined();
    expect(deviceSummary(`Mozilla/5.0 ${'x'.repeat(1_000)}`)).toBeUndefined();
  });

  it('keeps printable ASCII only, at most 80 characters, whatever the client sends', () => {
    const hostile = `\u001b[31m<script>\u202e${'A'.repeat(200)}`;
    const summary = deviceSummary(hostile);
    expect(summary).toBeDefined();
    expect(summary!.length).toBeLessThanOrEqual(80);
    expect(summary).toMatch(/^[\x20-\x7e]+$/);
  });

  it('never throws, and gives printable ASCII of at most 80 characters or nothing, for any header', () => {
    const tokens = fc.constantFrom(
      'Mozilla/5.0 ',
      '(',
      ')',
      '; ',
      ' ',
      '/',
      'Chrome/',
      'Edg/',
      'OPR/',
      'Opera',
      'MSIE ',
      'rv:',
      'Trident',
      'Version/',
      'Safari/',
      'Android',
      'like Android',
      'iPad',
      'Macintosh',
      'FxiOS/',
      'Windows ',
      'CrOS',
      'Linux',
      '131',
      '.0',
      '\u0130',
      '\u202e',
      '\u0000',
    );
    const header = fc.oneof(
      fc.string({ maxLength: 1_200 }),
      fc.array(fc.oneof(tokens, fc.string({ maxLength: 8 }))).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(header, (userAgent) => {
        const summary = deviceSummary(userAgent);
        if (summary !== undefined) expect(summary).toMatch(/^[\x20-\x7e]{1,80}$/);
      }),
    );
  });

  it('reads a hostile 1,000-character header in linear time', () => {
    const hostile = [
      'A/'.repeat(500),
      `Mozilla/5.0 (${'('.repeat(986)}`,
      ' Edg/'.repeat(200),
      `${'1'.repeat(990)}Chrome/`,
      'Version/9'.repeat(111),
      'x'.repeat(999),
    ];
    for (const userAgent of hostile) {
      expect(userAgent.length).toBeLessThanOrEqual(1_000);
      const started = performance.now();
      for (let i = 0; i < 200; i++) deviceSummary(userAgent);
      // Backtracking on such a header takes milliseconds a call; linear parsing, microseconds.
      expect((performance.now() - started) / 200).toBeLessThan(1);
    }
  });
});
