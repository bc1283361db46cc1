import { IdentityWebError } from '@identity-web/core/provider';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { caught, newProvider, useFakeIdp } from './support/harness.js';
import { makeKey, signJwt } from './support/keys.js';
import { logoutClaims } from './support/logout-claims.js';

// Core §10.1.1 key rotation, and LOGOUT-SPECS §8.5: an unknown kid costs at most one JWKS
// refetch, and a burst of forged kids cannot turn into a burst of fetches.
const idp = useFakeIdp();
const COOLDOWN_PASSED_MS = 31_000;

function advance(ms: number) {
  vi.setSystemTime(Date.now() + ms);
}

const stranger = makeKey('RS256', 'stranger');

/** A token whose kid is in no JWKS the provider has seen. */
async function unknownKid(kid: string) {
  return signJwt(await stranger, logoutClaims(), { kid });
}

describe('JWKS cache', () => {
  beforeEach(() => {
    // Only Date is faked: timeouts and MSW keep real timers.
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fetches the JWKS once for many verifications', async () => {
    const provider = newProvider();
    for (let i = 0; i < 5; i++) await provider.verifyLogoutToken(await signJwt(idp.signingKey, logoutClaims()));
    expect(idp.counts.jwks).toBe(1);
    expect(idp.counts.discovery).toBe(1);
  });

  it('refetches exactly once for an unknown kid, then rejects the token', async () => {
    const provider = newProvider();
    await provider.verifyLogoutToken(await signJwt(idp.signingKey, logoutClaims()));
    advance(COOLDOWN_PASSED_MS);
    const error = await caught(provider.verifyLogoutToken(await unknownKid('forged-1')));
    expect(error).toBeInstanceOf(IdentityWebError);
    expect(error.code).toBe('invalid_logout_token');
    expect(idp.counts.jwks).toBe(2);
  });

  it('does not turn a burst of unknown kids into a burst of fetches', async () => {
    const provider = newProvider();
    await provider.verifyLogoutToken(await signJwt(idp.signingKey, logoutClaims()));
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
    const provider = newProvider();
    await provider.verifyLogoutToken(await signJwt(idp.signingKey, logoutClaims()));
    const rotated = await makeKey('RS256', 'rs-2');
    idp.jwks = [...idp.jwks, rotated.publicJwk];
    advance(COOLDOWN_PASSED_MS);
    await expect(provider.verifyLogoutToken(await signJwt(rotated, logoutClaims()))).resolves.toBeTruthy();
    expect(idp.counts.jwks).toBe(2);
  });

  it('keeps the JWKS for discoveryTtlSeconds, then fetches it again', async () => {
    const provider = newProvider({ discoveryTtlSeconds: 600 });
    const verify = async () => provider.verifyLogoutToken(await signJwt(idp.signingKey, logoutClaims()));
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
