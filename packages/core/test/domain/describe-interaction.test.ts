import { describe, expect, it } from 'vitest';
import { describeInteraction } from '../../src/domain/interaction-required.js';

describe('describeInteraction', () => {
  it.each([
    ['invalid_scope', false, 'the user must consent to more access'],
    ['consent_required', false, 'the user must consent to more access'],
    ['invalid_target', false, 'the user must consent to more access'],
    ['interaction_required', false, 'the user must complete a step at the provider'],
    ['insufficient_user_authentication', false, 'the user must complete a step at the provider'],
    ['invalid_grant', true, 'the user must complete a step at the provider'],
    ['invalid_grant', false, 'the user must sign in again'],
    ['login_required', false, 'the user must sign in again'],
  ])('says what %s (claims challenge: %s) asks of the user', (reason, claims, need) => {
    const message = describeInteraction(reason, claims);
    expect(message.startsWith(need)).toBe(true);
    expect(message).toContain(`(${reason})`);
    expect(message).toContain('app.use(authErrorHandler()) after the routes');
  });
});
