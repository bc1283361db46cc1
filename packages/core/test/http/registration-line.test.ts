import { FakeIdentityProvider, locationOf, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IdentityWebOptions } from '../../src/config/options.js';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import type { HttpRequest } from '../../src/http/types.js';
import { consoleLogger } from '../../src/observability/console-logger.js';
import { type Logger, silentLogger } from '../../src/ports/logger.port.js';
import { webApp } from '../support/web-app.js';

// At creation, one `info` line per provider lists the URIs to register there: what a provider
// refuses as "redirect_uri mismatch" on the provider's own page, where the app never hears of it.

const clock = new ManualClock();
const SECRET = 's'.repeat(40);

function recording() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void lines.push({ level, fields, message });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

function create(options: Partial<IdentityWebOptions> & { logger?: Logger }) {
  return createIdentityWeb({
    identityProvider: options.identityProviders ? undefined : new FakeIdentityProvider(clock),
    baseUrl: 'http://localhost:3000',
    secret: SECRET,
    clock,
    ...options,
  } as IdentityWebOptions);
}

function request(method: string, uri: string): HttpRequest {
  const url = new URL(uri);
  return {
    method,
    url,
    header: (name) => (name === 'host' ? url.host : undefined),
    cookie: () => undefined,
    readText: async () => '',
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the URIs to register, logged once per instance', () => {
  it('lists the callback, signed-out, front-channel and back-channel URIs of the one provider', async () => {
    const { lines, logger } = recording();
    const identity = create({ logger });
    expect(lines).toEqual([
      {
        level: 'info',
        fields: { event: 'uris_to_register' },
        message:
          'identity-web: register at the identity provider (https://idp.test): redirect URI http://localhost:3000/auth/callback; post-logout redirect URI http://localhost:3000/auth/signed-out; front-channel logout URI http://localhost:3000/auth/front-channel-logout; back-channel logout URI http://localhost:3000/auth/back-channel-logout',
      },
    ]);
    // Not per request: a sign-in and its callback add no such line.
    const idp = new FakeIdentityProvider(clock);
    const again = create({ logger, identityProvider: idp });
    const browser = new TestBrowser((await webApp(again)).fetch);
    const start = await browser.fetch('/auth/sign-in');
    await browser.fetch(`/auth/callback?${idp.login(locationOf(start), 'alice')}`);
    expect(lines.filter((l) => l.fields.event === 'uris_to_register')).toHaveLength(2);
    identity.close();
  });

  it('gives each of two named providers its line: its own callback and a front-channel URI naming it', () => {
    const { lines, logger } = recording();
    create({
      logger,
      basePath: '/shop/auth',
      baseUrl: 'https://app.example',
      identityProviders: {
        work: new FakeIdentityProvider(clock, { issuer: 'https://login.work.test/tenant/v2.0' }),
        partner: new FakeIdentityProvider(clock, { issuer: 'https://partner.test' }),
      },
    });
    expect(lines.map((l) => [l.level, l.fields, l.message])).toEqual([
      [
        'info',
        { event: 'uris_to_register', provider: 'work' },
        'identity-web: register at the identity provider "work" (https://login.work.test/tenant/v2.0): redirect URI https://app.example/shop/auth/callback/work; post-logout redirect URI https://app.example/shop/auth/signed-out; front-channel logout URI https://app.example/shop/auth/front-channel-logout?provider=work; back-channel logout URI https://app.example/shop/auth/back-channel-logout',
      ],
      [
        'info',
        { event: 'uris_to_register', provider: 'partner' },
        'identity-web: register at the identity provider "partner" (https://partner.test): redirect URI https://app.example/shop/auth/callback/partner; post-logout redirect URI https://app.example/shop/auth/signed-out; front-channel logout URI https://app.example/shop/auth/front-channel-logout?provider=partner; back-channel logout URI https://app.example/shop/auth/back-channel-logout',
      ],
    ]);
  });

  it('leaves out the logout URIs of a channel that is off', () => {
    const { lines, logger } = recording();
    create({ logger, frontChannelLogout: { enabled: false }, backChannelLogout: { enabled: false } });
    expect(lines.map((l) => l.message)).toEqual([
      'identity-web: register at the identity provider (https://idp.test): redirect URI http://localhost:3000/auth/callback; post-logout redirect URI http://localhost:3000/auth/signed-out',
    ]);
  });

  it('lists only routes the instance serves, with the method the provider uses', async () => {
    const { lines, logger } = recording();
    const identity = create({
      logger,
      identityProviders: {
        work: new FakeIdentityProvider(clock),
        partner: new FakeIdentityProvider(clock, { issuer: 'https://partner.test' }),
      },
    });
    const listed = lines.flatMap((l) =>
      (l.message.split('): ')[1] ?? '').split('; ').map((entry) => entry.split(' URI ')),
    );
    expect(listed).toHaveLength(8);
    for (const [kind, uri] of listed) {
      const method = kind === 'back-channel logout' ? 'POST' : 'GET';
      const answer = await identity.http.handle(request(method, uri ?? ''));
      expect(answer, `${method} ${uri}`).not.toBeNull();
      expect(answer?.status, `${method} ${uri}`).not.toBe(405);
    }
  });

  it('goes through the configured logger: nothing with silentLogger, a throwing logger is ignored', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    create({ logger: silentLogger });
    const throwing: Logger = {
      ...silentLogger,
      info() {
        throw new Error('logger down');
      },
    };
    expect(() => create({ logger: throwing })).not.toThrow();
    expect(info).not.toHaveBeenCalled();
  });

  it('is the one info line the default console logger writes, to console.info', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const idp = new FakeIdentityProvider(clock);
    const identity = create({ identityProvider: idp });
    const browser = new TestBrowser((await webApp(identity)).fetch);
    const start = await browser.fetch('/auth/sign-in');
    await browser.fetch(`/auth/callback?${idp.login(locationOf(start), 'alice')}`);
    expect(info.mock.calls.map((call) => String(call[0]))).toEqual([
      'identity-web: register at the identity provider (https://idp.test): redirect URI http://localhost:3000/auth/callback; post-logout redirect URI http://localhost:3000/auth/signed-out; front-channel logout URI http://localhost:3000/auth/front-channel-logout; back-channel logout URI http://localhost:3000/auth/back-channel-logout {"event":"uris_to_register"}',
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('goes to warn of a console that has no info', () => {
    const lines: string[] = [];
    const logger = consoleLogger({ console: { warn: (line) => lines.push(line), error: () => {} } });
    create({ logger });
    expect(lines).toEqual([expect.stringMatching(/^identity-web: register at the identity provider \(/)]);
  });
});
