import { describe, expect, it } from 'vitest';
import { InteractionRequiredError } from '../../src/domain/interaction-required.js';
import { mayRestartSignIn, SIGN_IN_LOOP_WINDOW_MS, signInLoopGuard } from '../../src/domain/sign-in-loop.js';

const SIGNED_IN_AT = 1_000_000;
const attempt = { scopes: ['openid', 'api://orders/read'], createdAt: SIGNED_IN_AT };
const refusal = (reason: string | undefined, extra: { scopes?: string[]; claims?: string } = {}) =>
  new InteractionRequiredError('refused', {
    scopes: extra.scopes ?? ['api://orders/read'],
    ...(reason !== undefined && { reason }),
    ...(extra.claims !== undefined && { claims: extra.claims }),
  });

describe('signInLoopGuard', () => {
  it.each([
    'consent_required',
    'invalid_scope',
    'invalid_target',
    'access_denied',
    'insufficient_scope',
    'AADSTS65001',
    'AADSTS65004',
    'AADSTS90094',
  ])('says the consent was not granted when a fresh sign-in is refused for %s', (reason) => {
    const error = refusal(reason);
    const answer = signInLoopGuard(attempt, error, SIGNED_IN_AT + 1000);
    expect(answer).toMatchObject({ code: 'consent_not_granted', status: 403, expose: true, cause: error });
    expect(answer.message).toContain('api://orders/read');
  });

  it('names the provider’s reason for any other refusal of a fresh sign-in', () => {
    const answer = signInLoopGuard(attempt, refusal('invalid_grant'), SIGNED_IN_AT + 1000);
    expect(answer).toMatchObject({ code: 'sign_in_loop', status: 403, expose: true });
    expect(answer.message).toContain('(invalid_grant)');
    expect(signInLoopGuard(attempt, refusal(undefined), SIGNED_IN_AT).message).toContain('(unknown)');
  });

  it('lets a step-up challenge stand unless the fresh sign-in already asked for it (RFC 9470)', () => {
    const stepUp = (acrValues: string[] | undefined, maxAge?: number) =>
      new InteractionRequiredError('step up', {
        scopes: ['api://orders/read'],
        reason: 'insufficient_user_authentication',
        ...(acrValues !== undefined && { acrValues }),
        ...(maxAge !== undefined && { maxAge }),
      });
    const now = SIGNED_IN_AT + 1000;
    // A sign-in without a step-up, then an API asking for one: the user is sent to step up.
    const first = stepUp(['mfa']);
    expect(signInLoopGuard(attempt, first, now)).toBe(first);
    // The step-up sign-in asked for it, and the API still refuses: a loop, not another round.
    const stepped = { ...attempt, stepUp: { acrValues: ['mfa', 'hwk'], maxAge: 300 } };
    expect(signInLoopGuard(stepped, stepUp(['mfa']), now)).toMatchObject({ code: 'sign_in_loop' });
    expect(signInLoopGuard(stepped, stepUp(undefined, 600), now)).toMatchObject({ code: 'sign_in_loop' });
    // Asking for more than that sign-in did is no loop: another acr, or a shorter max_age.
    const other = stepUp(['phr']);
    expect(signInLoopGuard(stepped, other, now)).toBe(other);
    const sooner = stepUp(['mfa'], 60);
    expect(signInLoopGuard(stepped, sooner, now)).toBe(sooner);
    const noAge = stepUp(undefined, 60);
    expect(signInLoopGuard({ ...attempt, stepUp: { acrValues: ['mfa'] } }, noAge, now)).toBe(noAge);
    // Outside the window, even the same step-up is asked for again.
    const late = stepUp(['mfa']);
    expect(signInLoopGuard(stepped, late, SIGNED_IN_AT + SIGN_IN_LOOP_WINDOW_MS)).toBe(late);
  });

  it('counts a refusal as a loop only inside the window after the sign-in', () => {
    const error = refusal('invalid_grant');
    expect(signInLoopGuard(attempt, error, SIGNED_IN_AT + SIGN_IN_LOOP_WINDOW_MS - 1)).not.toBe(error);
    expect(signInLoopGuard(attempt, error, SIGNED_IN_AT + SIGN_IN_LOOP_WINDOW_MS)).toBe(error);
  });

  it.each(['account_removed', 'no_tokens_found'])(
    'lets the challenge stand when the account is gone (%s): signing in again stores new tokens',
    (reason) => {
      const error = refusal(reason);
      expect(signInLoopGuard(attempt, error, SIGNED_IN_AT + 1000)).toBe(error);
    },
  );

  it('lets the challenge stand for a claims challenge, or for scopes the sign-in did not ask for', () => {
    const claims = refusal('invalid_grant', { claims: '{"access_token":{"acrs":{"values":["c1"]}}}' });
    expect(signInLoopGuard(attempt, claims, SIGNED_IN_AT + 1000)).toBe(claims);
    const more = refusal('consent_required', { scopes: ['api://orders/read', 'api://orders/write'] });
    expect(signInLoopGuard(attempt, more, SIGNED_IN_AT + 1000)).toBe(more);
    expect(
      signInLoopGuard({ createdAt: SIGNED_IN_AT }, refusal('consent_required'), SIGNED_IN_AT + 1000),
    ).toBeInstanceOf(InteractionRequiredError);
  });
});

describe('mayRestartSignIn', () => {
  it('restarts a sign-in the user started, and a restarted one only once the loop window has passed', () => {
    expect(mayRestartSignIn({}, SIGNED_IN_AT)).toBe(true);
    expect(mayRestartSignIn({ restartedAt: SIGNED_IN_AT }, SIGNED_IN_AT + 1000)).toBe(false);
    expect(mayRestartSignIn({ restartedAt: SIGNED_IN_AT }, SIGNED_IN_AT + SIGN_IN_LOOP_WINDOW_MS - 1)).toBe(false);
    expect(mayRestartSignIn({ restartedAt: SIGNED_IN_AT }, SIGNED_IN_AT + SIGN_IN_LOOP_WINDOW_MS)).toBe(true);
  });
});
