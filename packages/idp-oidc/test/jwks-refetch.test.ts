import { IdentityWebError } from '@identity-web/core/provider';
import { ManualClock } from '@identity-web/core/testing';
import { logoutClaims, makeKey, signJwt } from '@identity-web/oidc/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { caught, newProvider, useFakeOpenIdProvider } from './support/harness.js';

// OIDC Core 1.0 §10.1.1 key rotation: an unknown kid costs at most one JWKS refetch, and a
// burst of forged kids cannot turn into a burst of fetches. Time is the provider's injected
// clock, no fake timers.
const idp = useFakeOpenIdProvider();
const COOLDOWN_PASSED_MS = 31_000;

let clock = new ManualClock(Date.now());

function advance(ms: number) {
  clock.advance(ms);
}

/** Claims issued at the clock's now, so tokens stay fresh however far a test moves it. */
const claims = () => logoutClaims(clock.now());

const stranger = makeKey('RS256', 'stranger');

/** A token whose kid is in no JWKS the provider has seen. */
async function unknownKid(kid: string) {
  return signJwt(await stranger, claims(), { kid });
}

describe('JWKS cache', () => {
  beforeEach(() => {
    clock = new ManualClock(Date.now());
  });

  it('fetches the JWKS once for many verifications', async () => {
    const provider = newProvider({ clock });
    for (let i = 0; i < 5; i++) await provider.verifyLogoutToken(await signJwt(idp.signingKey, claims()));
    expect(idp.counts.jwks).toBe(1);
    expect(idp.counts.discovery).toBe(1);
  });

  it('refetches exactly once for an unknown kid, then rejects the token', async () => {
    const provider = newProvider({ clock });
    await provider.verifyLogoutToken(await signJwt(idp.signingKey, claims()));
    advance(COOLDOWN_PASSED_MS);
    const error = await caught(provider.verifyLogoutToken(await unknownKid('forged-1')));
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error.code).toBe('invalid_logout_token');
    expect(idp.counts.jwks).toBe(2);
  });

  it('does not turn a burst of unknown kids into a burst of fetches', async () => {
    const provider = newProvider({ clock });
    await provider.verifyLogoutToken(await signJwt(idp.signingKey, claims()));
    advance(COOLDOWN_PASSED_MS);
    const forged = await Promise.all(Array.from({ length: 20 }, (_, i) => unknownKid(`forged-${i}`)));
    // Concurrent: one shared refetch.
    const results = await Promise.allSettled(forged.map((jwt) => provider.verifyLogoutToken(jwt)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(idp.counts.jwks).toBe(2);
    // Sequential, inside the cooldown: no fetch at all.
    for (const jwt of forged) await caught(provider.verifyLogoutToken(jwt));
    expect(idp.counts.jwks).toBe(2);
  });

  it('picks up a rotated signing key through that one refetch', async () => {
    const provider = newProvider({ clock });
    await provider.verifyLogoutToken(await signJwt(idp.signingKey, claims()));
    const rotated = await makeKey('RS256', 'rs-2');
    idp.jwks = [...idp.jwks, rotated.publicJwk];
    advance(COOLDOWN_PASSED_MS);
    await expect(provider.verifyLogoutToken(await signJwt(rotated, claims()))).resolves.toBeTruthy();
    expect(idp.counts.jwks).toBe(2);
  });

  it('keeps the JWKS for discoveryTtlSeconds, then fetches it again', async () => {
    const provider = newProvider({ discoveryTtlSeconds: 600, clock });
    const verify = async () => provider.verifyLogoutToken(await signJwt(idp.signingKey, claims()));
    await verify();
    advance(599_000);
    await verify();
    expect(idp.counts.jwks).toBe(1);
    advance(2_000);
    await verify();
    expect(idp.counts.jwks).toBe(2);
    expect(idp.counts.discovery).toBe(2);
  });
});
