import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { badRequest, ErrorCode } from '../../src/domain/errors.js';
import { observedIdentityProvider } from '../../src/observability/observed-identity-provider.js';

function logged() {
  const lines: { level: string; code: unknown }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>) => lines.push({ level, code: fields.code });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const events = { emit: async () => {}, listens: () => false };

describe('observedIdentityProvider', () => {
  it("passes the provider's clientId through (the stores' namespace is derived from it)", () => {
    const idp = new FakeIdentityProvider(new ManualClock(), { clientId: 'app-7' });
    expect(observedIdentityProvider(idp, events, logged().logger, 'work').clientId).toBe('app-7');
  });

  it('logs a refused callback at debug: the sign-in route logs its one warning', async () => {
    const idp = new FakeIdentityProvider(new ManualClock());
    idp.redeemCode = async () => {
      throw badRequest(ErrorCode.InvalidCallback, 'the ID token failed validation: the signature is not valid');
    };
    const { lines, logger } = logged();
    await expect(observedIdentityProvider(idp, events, logger).redeemCode({} as never)).rejects.toThrow();
    expect(lines).toEqual([{ level: 'debug', code: 'invalid_callback' }]);
  });
});
