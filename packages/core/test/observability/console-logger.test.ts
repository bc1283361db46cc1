import { FakeIdentityProvider, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { IdentityWebError } from '../../src/domain/errors.js';
import { consoleLogger } from '../../src/observability/console-logger.js';
import { silentLogger } from '../../src/ports/logger.port.js';
import { webApp } from '../support/web-app.js';

function capture() {
  const lines: { level: 'warn' | 'error'; line: string }[] = [];
  return {
    lines,
    console: {
      warn: (line: string) => lines.push({ level: 'warn', line }),
      error: (line: string) => lines.push({ level: 'error', line }),
    },
  };
}

describe('consoleLogger', () => {
  it('writes warn and error as one line each, fields as JSON; debug and every other info line nowhere', () => {
    const { lines, console } = capture();
    const logger = consoleLogger({ console });
    logger.debug({ a: 1 }, 'debug');
    logger.info({ a: 1 }, 'info');
    logger.warn({ code: 'idp_error', detail: 'line one\nline two' }, 'identity-web: warned');
    logger.error({ status: 500 }, 'identity-web: failed');
    expect(lines).toEqual([
      { level: 'warn', line: 'identity-web: warned {"code":"idp_error","detail":"line one\\nline two"}' },
      { level: 'error', line: 'identity-web: failed {"status":500}' },
    ]);
  });

  it('writes a repeated line once per window, then says how many it left out', () => {
    const { lines, console } = capture();
    let now = 0;
    const logger = consoleLogger({ console, repeatWindowMs: 1000, now: () => now });
    for (let i = 0; i < 5; i++) logger.warn({ code: 'store_unavailable' }, 'identity-web: down');
    logger.warn({ code: 'idp_error' }, 'identity-web: down'); // another code: its own line
    expect(lines.map((l) => l.line)).toEqual([
      'identity-web: down {"code":"store_unavailable"}',
      'identity-web: down {"code":"idp_error"}',
    ]);
    now = 1000;
    logger.warn({ code: 'store_unavailable' }, 'identity-web: down');
    expect(lines.at(-1)?.line).toBe('identity-web: down {"code":"store_unavailable","repeated":4}');
    now = 2000;
    logger.warn({ code: 'store_unavailable' }, 'identity-web: down');
    expect(lines.at(-1)?.line).toBe('identity-web: down {"code":"store_unavailable"}');
  });

  it('keeps lines of different operations apart, and folds repeats of one', () => {
    const { lines, console } = capture();
    const logger = consoleLogger({ console, now: () => 0 });
    logger.warn({ operation: 'acquire-token-silent', code: 'idp_error' }, 'm');
    logger.warn({ operation: 'redeem-code', code: 'idp_error' }, 'm');
    logger.warn({ operation: 'redeem-code', code: 'idp_error' }, 'm');
    expect(lines).toHaveLength(2);
  });

  it('escapes terminal controls, line separators and bidirectional marks anywhere in the line', () => {
    const { lines, console } = capture();
    consoleLogger({ console }).warn({ detail: 'a\u001b[31mred\u2028b\u202eevil' }, 'm\u0007\u0085');
    expect(lines[0]?.line).toBe('m\\u0007\\u0085 {"detail":"a\\u001b[31mred\\u2028b\\u202eevil"}');
  });

  it('remembers a bounded number of distinct lines', () => {
    const { lines, console } = capture();
    const logger = consoleLogger({ console, now: () => 0 });
    for (let i = 0; i < 300; i++) logger.warn({ code: `c${i}` }, 'm');
    logger.warn({ code: 'c0' }, 'm'); // forgotten (the oldest), so written again
    logger.warn({ code: 'c299' }, 'm'); // remembered: left out
    expect(lines).toHaveLength(301);
  });

  it('survives fields JSON cannot write', () => {
    const { lines, console } = capture();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    consoleLogger({ console }).error({ cyclic, n: 1n }, 'm');
    consoleLogger({ console }).error({ n: 1n }, 'm');
    expect(lines.map((l) => l.line)).toEqual(['m {}', 'm {"n":"1"}']);
  });
});

describe('createIdentityWeb without a logger', () => {
  afterEach(() => vi.restoreAllMocks());

  async function failingSignIn(logger?: typeof silentLogger) {
    const clock = new ManualClock();
    const idp = new FakeIdentityProvider(clock);
    idp.redeemCode = async () => {
      throw new IdentityWebError('idp_error', 'code redemption failed: check clientSecret');
    };
    const identity = createIdentityWeb({
      identityProvider: idp,
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
      clock,
      ...(logger && { logger }),
    });
    const browser = new TestBrowser((await webApp(identity)).fetch);
    const start = await browser.fetch('/auth/sign-in');
    return browser.fetch(`/auth/callback?${idp.login(start.headers.get('location')!, 'alice', 'sid')}`);
  }

  it('writes a failed request to the console: the IdP call with what to check, and the 5xx', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await failingSignIn();
    expect(response.status).toBe(502);
    expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
      'identity-web: identity provider call failed {"operation":"redeem-code","code":"idp_error","detail":"code redemption failed: check clientSecret"}',
    ]);
    expect(error.mock.calls.map((call) => String(call[0]))).toEqual([
      'identity-web request failed {"status":502,"code":"idp_error","error":"idp_error: code redemption failed: check clientSecret"}',
    ]);
  });

  it('writes nothing with logger: silentLogger', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await failingSignIn(silentLogger);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});
