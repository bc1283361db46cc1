// docs/troubleshooting.md quotes identity-web's own lines so a reader can find theirs: each quote
// of the core's lines is checked here against the line the code writes (`<...>` stands for a
// value, `…` for words left out).
import { readFileSync } from 'node:fs';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import type { HttpRequest } from '../../src/http/types.js';
import { consoleLogger } from '../../src/observability/console-logger.js';
import type { Logger } from '../../src/ports/logger.port.js';

const doc = readFileSync(new URL('../../../../docs/troubleshooting.md', import.meta.url), 'utf8');
const clock = new ManualClock();

/** The quote in the first cell of the table row that starts with `start`. */
function quoted(start: string): string {
  const row = doc.split('\n').find((line) => line.startsWith(`| \`${start}`));
  expect(row, `a row quoting "${start}"`).toBeDefined();
  return row?.slice(3, row.indexOf('`', 3)) ?? '';
}

/** A quote as a pattern: `<...>` is a value, `…` words left out. */
function pattern(quote: string): RegExp {
  const escaped = quote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/<[^>]+>/g, '.+?').replace(/…/g, '.*')}`);
}

function lines() {
  const written: string[] = [];
  const keep = (_: Record<string, unknown>, message: string) => void written.push(message);
  const logger: Logger = { debug() {}, info: keep, warn: keep, error: keep };
  return { written, logger };
}

describe('the console lines docs/troubleshooting.md quotes', () => {
  it('quotes the host warning as the code writes it', async () => {
    const { written, logger } = lines();
    const identity = createIdentityWeb({
      identityProvider: new FakeIdentityProvider(clock),
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
      logger,
    });
    const req: HttpRequest = {
      method: 'GET',
      url: new URL('http://localhost:3001/auth/sign-in'),
      header: (name) => (name === 'host' ? 'localhost:3001' : undefined),
      cookie: () => undefined,
      readText: async () => '',
    };
    await identity.http.handle(req);
    const warning = written.find((line) => line.includes('another host'));
    expect(warning).toMatch(pattern(quoted('identity-web: a sign-in request came')));
  });

  it('quotes the URIs to register, in the table and in full', () => {
    const info: string[] = [];
    const console = { info: (line: string) => void info.push(line), warn() {}, error() {} };
    createIdentityWeb({
      identityProvider: new FakeIdentityProvider(clock, { issuer: 'https://login.example.com' }),
      baseUrl: 'https://app.example.com',
      secret: 's'.repeat(40),
      logger: consoleLogger({ console }),
    });
    expect(info).toHaveLength(1);
    expect(info[0]).toMatch(pattern(quoted('identity-web: register at the identity provider')));
    expect(doc).toContain(`\n${info[0]}\n`);
  });

  it('quotes the refusal of an undefined secret', () => {
    const create = () =>
      createIdentityWeb({
        identityProvider: new FakeIdentityProvider(clock),
        baseUrl: 'https://app.example.com',
        secret: undefined as unknown as string,
      });
    expect(create).toThrow(quoted('"secret" is undefined'));
  });
});
