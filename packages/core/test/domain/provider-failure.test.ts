import { describe, expect, it } from 'vitest';
import {
  idpError,
  idpUnavailable,
  isProviderDown,
  providerFailure,
  safeErrorCode,
} from '../../src/domain/provider-failure.js';

// The one rule both IdP packages classify a provider's failure by: down (503, Retry-After) or unusable (502).
describe('isProviderDown', () => {
  it.each([429, 500, 502, 503, 504, 599, 'unreachable' as const])('%s: the provider is down', (answer) => {
    expect(isProviderDown(answer)).toBe(true);
  });

  it.each([200, 204, 302, 400, 401, 403, 404, 428, 430, 499])('HTTP %s: an answer, not an outage', (status) => {
    expect(isProviderDown(status)).toBe(false);
  });
});

describe('providerFailure', () => {
  it('is idp_unavailable (503) when the provider is down, idp_error (502) otherwise, keeping message and cause', () => {
    const cause = { status: 502 };
    expect(providerFailure(502, 'the JWKS endpoint answered HTTP 502', cause)).toMatchObject({
      code: 'idp_unavailable',
      status: 503,
      message: 'the JWKS endpoint answered HTTP 502',
      cause,
    });
    expect(providerFailure('unreachable', 'could not reach it')).toMatchObject({ code: 'idp_unavailable' });
    expect(providerFailure(404, 'not found')).toMatchObject({ code: 'idp_error', status: 502 });
  });

  it('builds the same errors as the two factories, each keeping its cause', () => {
    expect(idpError('x')).toMatchObject({ code: 'idp_error', status: 502, expose: false });
    expect(idpUnavailable('x')).toMatchObject({ code: 'idp_unavailable', status: 503, expose: false });
    const cause = new Error('socket hang up');
    expect(idpError('x', cause).cause).toBe(cause);
    expect(idpUnavailable('x', cause).cause).toBe(cause);
  });
});

describe('safeErrorCode', () => {
  it('keeps an OAuth error code and replaces anything that could inject markup or log lines', () => {
    expect(safeErrorCode('invalid_grant')).toBe('invalid_grant');
    expect(safeErrorCode('a.b-c_1')).toBe('a.b-c_1');
    for (const hostile of ['<script>', 'a\nb', 'x'.repeat(65), '', 42, undefined]) {
      expect(safeErrorCode(hostile)).toBe('unknown_error');
    }
  });
});
