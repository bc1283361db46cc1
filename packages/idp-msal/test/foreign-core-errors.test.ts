import { describe, expect, it } from 'vitest';
import { mapMsalError } from '../src/errors.js';

// An app whose packages resolved two copies of @identity-web/core: an error made by the other
// copy is not `instanceof` this one's classes, and must still keep its code and status.
function foreignInteractionError() {
  class IdentityWebError extends Error {}
  return Object.assign(new IdentityWebError('consent needed'), {
    code: 'interaction_required',
    status: 401,
    expose: true,
    interaction: { scopes: ['api://orders/read'] },
  });
}

describe('errors of another copy of the core', () => {
  it('pass through the msal error mapping as they are', () => {
    const error = foreignInteractionError();
    const context = { operation: 'silent', network: {}, scopes: ['api://orders/read'] } as const;
    expect(mapMsalError(error, context)).toBe(error);
  });
});
