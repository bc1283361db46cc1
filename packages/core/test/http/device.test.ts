import { describe, expect, it } from 'vitest';
import { deviceSummary } from '../../src/http/device.js';

describe('deviceSummary', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome 131 on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      'Safari 17 on macOS',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133 on Linux'],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome 131 on Android',
    ],
    ['curl/8.5.0', 'curl'], // unknown to the parser: the product token alone
  ])('%s → %s', (userAgent, summary) => {
    expect(deviceSummary(userAgent)).toBe(summary);
  });

  it('keeps nothing for no header, a blank one or one too long to be real', () => {
    expect(deviceSummary(undefined)).toBeUndefined();
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
});
