// What an API's step-up challenge (RFC 9470 §3) is read as, value by value: only the forms the
// sign-in route takes (1 to 10 printable acr values of at most 256 characters, a max_age of at
// most 9 digits) make a step-up; anything else leaves a 401 a token to refresh.
import { describe, expect, it } from 'vitest';
import type { AccessToken } from '../../src/domain/token.js';
import { readChallenge } from '../../src/use-cases/api-challenge.js';

const TOKEN: AccessToken = { accessToken: 'at', expiresAt: 0, scopes: ['api.read'], tokenType: 'Bearer' };

/** A 401 whose Bearer challenge says `error` with the given parameters (already quoted as needed). */
function challenge(error: string, parameters = ''): Response {
  const header = `Bearer error="${error}"${parameters === '' ? '' : `, ${parameters}`}`;
  return new Response(null, { status: 401, headers: { 'www-authenticate': header } });
}

const stepUp = (parameters: string) => readChallenge(challenge('insufficient_user_authentication', parameters), TOKEN);

describe('a step-up challenge (RFC 9470 §3)', () => {
  it('takes its acr values, runs of spaces between them left out', () => {
    expect(stepUp('acr_values="gold  silver"')).toEqual({ kind: 'step-up', acrValues: ['gold', 'silver'] });
  });

  it('takes ten acr values, not eleven', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `acr${i}`);
    expect(stepUp(`acr_values="${ten.join(' ')}"`)).toEqual({ kind: 'step-up', acrValues: ten });
    expect(stepUp(`acr_values="${[...ten, 'acr10'].join(' ')}"`)).toEqual({ kind: 'refresh' });
  });

  it('takes no acr values when one of them is not printable ASCII, at its start, its end or alone', () => {
    for (const values of ['gold \u00e9', 'gold \u00e9silver', 'gold silver\u00e9']) {
      expect(stepUp(`acr_values="${values}"`), values).toEqual({ kind: 'refresh' });
    }
  });

  it('takes an acr value of 256 characters, not one of 257', () => {
    expect(stepUp(`acr_values="${'a'.repeat(256)}"`)).toEqual({ kind: 'step-up', acrValues: ['a'.repeat(256)] });
    expect(stepUp(`acr_values="${'a'.repeat(257)}"`)).toEqual({ kind: 'refresh' });
  });

  it('takes a max_age of whole seconds, up to nine digits, and nothing else', () => {
    expect(stepUp('max_age="300"')).toEqual({ kind: 'step-up', maxAge: 300 });
    expect(stepUp('max_age="123456789"')).toEqual({ kind: 'step-up', maxAge: 123456789 });
    for (const maxAge of ['1234567890', '300s', '-1', '1.5', '']) {
      expect(stepUp(`max_age="${maxAge}"`), maxAge).toEqual({ kind: 'refresh' });
    }
  });

  it('keeps the acr values when the max_age is not one, and the max_age when the acr values are not', () => {
    expect(stepUp('acr_values="gold", max_age="soon"')).toEqual({ kind: 'step-up', acrValues: ['gold'] });
    expect(stepUp(`acr_values="\u00e9", max_age="60"`)).toEqual({ kind: 'step-up', maxAge: 60 });
  });

  it('is read only from insufficient_user_authentication: the same parameters on another error are a refresh', () => {
    for (const error of ['invalid_token', 'insufficient_scope_x', 'login_required']) {
      expect(readChallenge(challenge(error, 'acr_values="gold", max_age="60"'), TOKEN), error).toEqual({
        kind: 'refresh',
      });
    }
  });
});
