import { FakeEntra, makeUser } from '@identity-web/msal/testing';
import { describe, expect, it } from 'vitest';
import { provider, signIn, useMsw } from './support/harness.js';

const server = useMsw();

function recorder() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('msal-node log lines', () => {
  it('reach the app logger at the chosen level, fields first, tagged as msal', async () => {
    const entra = new FakeEntra();
    server.use(...entra.handlers());
    const { lines, logger } = recorder();
    await signIn(provider({ logger, logLevel: 'verbose' }), entra, makeUser(1));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.fields.source === 'msal')).toBe(true);
    expect(lines.some((l) => l.level === 'debug' || l.level === 'info')).toBe(true);
  });

  it('stay away from the logger below the chosen level', async () => {
    const entra = new FakeEntra();
    server.use(...entra.handlers());
    const { lines, logger } = recorder();
    await signIn(provider({ logger, logLevel: 'error' }), entra, makeUser(2));
    expect(lines.filter((l) => l.level !== 'error')).toEqual([]);
  });

  it('refuses a logger without the methods of one, naming the option', () => {
    expect(() => provider({ logger: {} as never })).toThrow(expect.objectContaining({ option: 'logger' }));
    expect(() => provider({ logLevel: 'loud' as never })).toThrow(expect.objectContaining({ option: 'logLevel' }));
  });
});
