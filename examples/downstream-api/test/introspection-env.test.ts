// The example APIs' introspection variables: off unless API_INTROSPECTION says so, each variable
// read into createIdentityWebApi's `introspection`, and a mistake named.
import { describe, expect, it } from 'vitest';
import { introspectionFromEnv } from '../src/introspection-env.js';

describe('introspectionFromEnv', () => {
  it('is off without API_INTROSPECTION, or with 0', () => {
    expect(introspectionFromEnv({})).toBeUndefined();
    expect(introspectionFromEnv({ API_INTROSPECTION: '0' })).toBeUndefined();
  });

  it("reads a terse provider's configuration", () => {
    expect(
      introspectionFromEnv({
        API_INTROSPECTION: '1',
        API_INTROSPECTION_ENDPOINT: 'https://login.example.com/o/introspect/',
        API_INTROSPECTION_CLIENTS: 'orders-web  billing-web',
        API_INTROSPECTION_SCOPE: 'orders',
        API_INTROSPECTION_SUBJECT: 'username',
      }),
    ).toEqual({
      endpoint: 'https://login.example.com/o/introspect/',
      withoutAudience: { clients: ['orders-web', 'billing-web'], scope: 'orders' },
      subject: 'username',
    });
    expect(introspectionFromEnv({ API_INTROSPECTION: 'true' })).toEqual({});
  });

  it('names a mistake', () => {
    expect(() => introspectionFromEnv({ API_INTROSPECTION: 'yes' })).toThrow('API_INTROSPECTION must be 1 or 0');
    expect(() => introspectionFromEnv({ API_INTROSPECTION_CLIENTS: 'web' })).toThrow(
      'API_INTROSPECTION_CLIENTS need API_INTROSPECTION=1',
    );
    expect(() => introspectionFromEnv({ API_INTROSPECTION: '1', API_INTROSPECTION_SUBJECT: 'email' })).toThrow(
      'API_INTROSPECTION_SUBJECT must be "sub" or "username"',
    );
  });
});
