import { ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { logoutClaims } from '../src/testing/openid-shapes.js';
import { signJwt } from '../src/testing/signing-keys.js';
import { newProvider, useFakeOpenIdProvider } from './support/harness.js';

// The key-set cache itself (one request for concurrent loads, the unknown-kid cooldown, the
// failed-load floor) is the core's, tested in packages/core/test/key-set; this is its wiring here.
const idp = useFakeOpenIdProvider();

describe('JWKS cache', () => {
  it('keeps the JWKS for discoveryTtlSeconds of the injected clock, then fetches it again', async () => {
    const clock = new ManualClock(Date.now());
    const provider = newProvider({ discoveryTtlSeconds: 600, clock });
    const verify = async () => provider.verifyLogoutToken(await signJwt(idp.signingKey, logoutClaims(clock.now())));
    await verify();
    await verify();
    expect(idp.counts.jwks).toBe(1);
    expect(idp.counts.discovery).toBe(1);
    clock.advance(599_000);
    await verify();
    expect(idp.counts.jwks).toBe(1);
    clock.advance(2_000);
    await verify();
    expect(idp.counts.jwks).toBe(2);
    expect(idp.counts.discovery).toBe(2);
  });
});
