// The pieces a store package shares with the others: the invalidation bus's wire form, and the
// `forApp` that keeps each app's data under its own namespace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Invalidation } from '../../src/ports/invalidation-bus.port.js';
import { invalidationWire } from '../../src/stores/invalidation-wire.js';
import { namespaceForApp } from '../../src/stores/namespace-for-app.js';

const invalidation: fc.Arbitrary<Invalidation> = fc.oneof(
  fc.record({ type: fc.constant('account-removed' as const), accountKey: fc.string() }),
  fc.record({ type: fc.constant('session-ended' as const), sessionId: fc.string() }),
);

describe('invalidationWire', () => {
  it('gives back every message it wrote', () => {
    fc.assert(
      fc.property(invalidation, (message) => {
        expect(invalidationWire.decode(invalidationWire.encode(message))).toEqual(message);
      }),
    );
  });

  it('writes only the fields of the port', () => {
    const message = { type: 'session-ended', sessionId: 's1', secret: 'kept in the process' } as Invalidation;
    expect(JSON.parse(invalidationWire.encode(message))).toEqual({ type: 'session-ended', sessionId: 's1' });
    const removed = { type: 'account-removed', accountKey: 'a1', sessionId: 's1' } as unknown as Invalidation;
    expect(JSON.parse(invalidationWire.encode(removed))).toEqual({ type: 'account-removed', accountKey: 'a1' });
  });

  it('reads only the fields of the port, of the right type, and nothing else', () => {
    expect(invalidationWire.decode('{"type":"account-removed","accountKey":"a1","extra":1}')).toEqual({
      type: 'account-removed',
      accountKey: 'a1',
    });
    for (const raw of [
      '',
      'not json',
      'null',
      '"account-removed"',
      '[]',
      '{}',
      '{"type":"account-removed"}',
      '{"type":"account-removed","accountKey":1}',
      '{"type":"account-removed","sessionId":"s1"}',
      '{"type":"session-ended","sessionId":null}',
      '{"type":"session-ended","accountKey":"a1"}',
      '{"type":"session-revoked","sessionId":"s1"}',
    ]) {
      expect(invalidationWire.decode(raw), raw).toBeNull();
    }
  });

  it('reads own fields only: a polluted Object.prototype never completes a message', () => {
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.type = 'account-removed';
    polluted.accountKey = 'forged';
    try {
      for (const raw of [
        '',
        'not json',
        'null',
        '5',
        '"x"',
        '[]',
        '{}',
        '{"accountKey":"k"}',
        '{"type":"account-removed"}',
      ]) {
        expect(invalidationWire.decode(raw), raw).toBeNull();
      }
      expect(invalidationWire.decode('{"type":"account-removed","accountKey":"k"}')).toEqual({
        type: 'account-removed',
        accountKey: 'k',
      });
    } finally {
      delete polluted.type;
      delete polluted.accountKey;
    }
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        invalidationWire.decode(raw);
      }),
    );
  });
});

describe('namespaceForApp', () => {
  const A = { issuer: 'https://idp.test', clientId: 'app-a' };
  const B = { issuer: 'https://idp.test', clientId: 'app-b' };
  const of = (app: { clientId: string }) => `ns-${app.clientId}`;

  it("uses the first app's namespace, and welcomes that app again", () => {
    const used: string[] = [];
    const forApp = namespaceForApp({ namespace: undefined, namespaceOf: of, use: (ns) => used.push(ns), what: 'keys' });
    forApp(A);
    forApp({ ...A });
    expect(used).toEqual(['ns-app-a', 'ns-app-a']);
  });

  it('refuses another app, naming the one it serves and what to do', () => {
    const forApp = namespaceForApp({ namespace: undefined, namespaceOf: of, use: () => {}, what: 'rows' });
    forApp(A);
    expect(() => forApp(B)).toThrow(
      expect.objectContaining({
        code: 'invalid_option',
        option: 'namespace',
        message: expect.stringContaining('already serve client "app-a" of https://idp.test'),
      }),
    );
    expect(() => forApp({ issuer: 'https://other.test', clientId: 'app-a' })).toThrow(/already serve client/);
    expect(() => forApp(B)).toThrow(/share their rows/);
  });

  it('refuses an app told after the stores were used, with the store’s own error as the cause', () => {
    const early = new Error('the stores were used before they were told their app');
    const forApp = namespaceForApp({
      namespace: undefined,
      namespaceOf: of,
      use: () => {
        throw early;
      },
      what: 'keys',
    });
    expect(() => forApp(A)).toThrow(
      expect.objectContaining({ code: 'invalid_option', option: 'namespace', cause: early }),
    );
    expect(() => forApp(A)).toThrow(/were used before createIdentityWeb told them their app/);
  });

  it('does nothing with an explicit namespace: the apps share it as the app chose', () => {
    const used: string[] = [];
    const forApp = namespaceForApp({ namespace: 'shared', namespaceOf: of, use: (ns) => used.push(ns), what: 'keys' });
    forApp(A);
    forApp(B);
    expect(used).toEqual([]);
  });
});
