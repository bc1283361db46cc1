import { prometheusMetrics } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { containerOf } from '../../src/config/di.js';
import { Providers } from '../../src/config/providers.js';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import type { Logger } from '../../src/ports/logger.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { claimedProvider } from '../../src/use-cases/claimed-provider.js';
import { CompleteSignIn } from '../../src/use-cases/complete-sign-in.js';
import { HandleBackChannelLogout } from '../../src/use-cases/handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from '../../src/use-cases/handle-front-channel-logout.js';
import { SignOut } from '../../src/use-cases/sign-out.js';
import { StartSignIn } from '../../src/use-cases/start-sign-in.js';

const clock = new ManualClock();
const base = { baseUrl: 'https://app.example', secret: 'x'.repeat(32) };

function two(logger?: Logger) {
  const work = new FakeIdentityProvider(clock, { keyBySubject: true });
  const partner = new FakeIdentityProvider(clock, { issuer: 'https://partner.test', keyBySubject: true });
  const identity = createIdentityWeb({
    ...base,
    identityProviders: { work, partner },
    clock,
    ...(logger && { logger }),
  });
  return { work, partner, identity, c: containerOf(identity) };
}

/**
 * Alice signed in (consented to `api://x/read`) while the app had one provider, `work`, on stores
 * that outlive the app; and the partner provider the app then adds.
 */
async function signedInBeforeTheMove() {
  const work = new FakeIdentityProvider(clock);
  const stores = {
    sessionStore: new MemorySessionStore(clock),
    tokenCacheStore: new MemoryTokenCacheStore(clock),
    accountRegistry: new MemoryAccountRegistry(clock),
  };
  const before = containerOf(createIdentityWeb({ ...base, identityProvider: work, clock, stores }));
  const started = await before.resolve(StartSignIn).execute({ returnTo: '/', statePrefix: '0' });
  work.grant('alice', ['api://x/read']);
  const { session } = await before
    .resolve(CompleteSignIn)
    .execute(work.login(started.url, 'alice', 's1'), started.transaction);
  const partner = new FakeIdentityProvider(clock, { issuer: 'https://partner.test' });
  return { work, stores, session, partner };
}

describe('identityProviders', () => {
  it.each([
    [{ identityProviders: {} }, /"identityProviders" must name at least one provider/],
    [{ identityProviders: [] }, /"identityProviders" must be an object of providers by name/],
    [
      { identityProviders: { 'no spaces': new FakeIdentityProvider(clock) } },
      /"identityProviders.no spaces" names must be/,
    ],
    [{ identityProviders: { ['x'.repeat(33)]: new FakeIdentityProvider(clock) } }, /names must be 1 to 32/],
    [{ identityProviders: { work: {} } }, /"identityProviders.work" must be an IdentityProvider/],
    [
      { identityProviders: { a: new FakeIdentityProvider(clock), b: new FakeIdentityProvider(clock) } },
      /"identityProviders.b" has the issuer of identityProviders.a \(https:\/\/idp.test\): logouts are told apart by issuer/,
    ],
    [
      { identityProviders: { a: new FakeIdentityProvider(clock) }, identityProvider: new FakeIdentityProvider(clock) },
      /"identityProviders" cannot be used together with identityProvider/,
    ],
    [{}, /"identityProvider" must be an IdentityProvider/],
    [{ identityProvder: new FakeIdentityProvider(clock) }, /identityProvder.*did you mean "identityProvider"/],
  ])('refuses %o', (options, message) => {
    expect(() => createIdentityWeb({ ...base, ...options } as never)).toThrow(message);
  });

  it('lists the names, in order, and none with a single provider', () => {
    expect(two().identity.providers).toEqual(['work', 'partner']);
    expect(createIdentityWeb({ ...base, identityProvider: new FakeIdentityProvider(clock) }).providers).toEqual([]);
  });

  it('refuses an authorization response whose iss names another configured provider before any code is redeemed (mix-up)', async () => {
    const { work, partner, c } = two();
    const providers = c.resolve(Providers);
    const { url, transaction } = await c.resolve(StartSignIn).execute({
      provider: providers.named('work')!,
      returnTo: '/',
      statePrefix: '0',
    });
    expect(transaction.provider).toBe('work');
    // The partner answers a request that went to the work provider (its own code, its own iss).
    const params = partner.login(url, 'alice', 's1');
    await expect(c.resolve(CompleteSignIn).execute(params, transaction, null, undefined, 'work')).rejects.toMatchObject(
      {
        code: 'invalid_callback',
        message: 'the sign-in response came from another identity provider ("iss")',
      },
    );
    expect(work.calls.redeem).toBe(0);
    expect(partner.calls.redeem).toBe(0);
  });

  it('sends each provider its own redirect URI, and refuses a response that came to another provider’s callback before any code is redeemed', async () => {
    const { work, partner, c } = two();
    const providers = c.resolve(Providers);
    const start = (name: string) =>
      c.resolve(StartSignIn).execute({ provider: providers.named(name)!, returnTo: '/', statePrefix: '0' });
    const atWork = await start('work');
    expect(atWork.url.searchParams.get('redirect_uri')).toBe('https://app.example/auth/callback/work');
    expect((await start('partner')).url.searchParams.get('redirect_uri')).toBe(
      'https://app.example/auth/callback/partner',
    );
    // A provider that sends no `iss` (the mix-up of RFC 9700 §4.4): the work provider's answer,
    // brought to the partner's callback (or to the bare one), is not redeemed anywhere.
    const params = work.login(atWork.url, 'victim', 's1');
    params.delete('iss');
    for (const via of ['partner', undefined]) {
      await expect(
        c.resolve(CompleteSignIn).execute(params, atWork.transaction, null, undefined, via),
      ).rejects.toMatchObject({
        code: 'invalid_callback',
        message: 'the sign-in response came to the callback of another identity provider',
      });
    }
    expect(work.calls.redeem + partner.calls.redeem).toBe(0);
  });

  it('refuses an account a provider signed in under another provider’s issuer', async () => {
    const work = new FakeIdentityProvider(clock);
    const partner = new FakeIdentityProvider(clock, { issuer: 'https://partner.test' });
    const redeem = work.redeemCode.bind(work);
    work.redeemCode = async (r) => {
      const result = await redeem(r);
      return { ...result, account: { ...result.account, issuer: partner.issuer } };
    };
    const identity = createIdentityWeb({ ...base, identityProviders: { work, partner }, clock });
    const c = containerOf(identity);
    const { url, transaction } = await c.resolve(StartSignIn).execute({
      provider: c.resolve(Providers).named('work')!,
      returnTo: '/',
      statePrefix: '0',
    });
    await expect(
      c.resolve(CompleteSignIn).execute(work.login(url, 'alice'), transaction, null, undefined, 'work'),
    ).rejects.toMatchObject({
      code: 'invalid_callback',
      message: 'identityProviders.work signed in an account of another issuer',
    });
  });

  it('keeps the sessions of a single-provider app working after it moves to identityProviders', async () => {
    const { work, stores, session, partner } = await signedInBeforeTheMove();
    const after = createIdentityWeb({
      ...base,
      identityProviders: { work, partner },
      clock,
      stores,
      revokeOnRemove: true,
    });
    // The key has no provider name; its issuer says it is the work provider's.
    expect((await after.acquireToken(session.account, { scopes: ['api://x/read'] })).accessToken).toMatch(
      /^at\.alice\./,
    );
    const signOut = await containerOf(after).resolve(SignOut).execute(session);
    expect(signOut.endSessionUrl?.origin).toBe('https://idp.test');
    await after.settled();
    expect(work.calls.revoke).toBe(1);
  });

  describe('a logout token whose iss is no configured issuer exactly (a tenant of an issuer template)', () => {
    /** The partner accepts its tokens of any tenant (`https://partner.test/<tenant>`) and files them under its issuer, as msal does. */
    async function tenants() {
      const { work, partner, identity, c } = two();
      const verify = partner.verifyLogoutToken.bind(partner);
      partner.verifyLogoutToken = async (jwt) => {
        const body = jwt.split('.')[1];
        const payload = body === undefined ? null : JSON.parse(Buffer.from(body, 'base64url').toString());
        if (typeof payload?.iss !== 'string' || !payload.iss.startsWith(`${partner.issuer}/`)) return verify(jwt);
        return {
          ...(await verify(await partner.logoutToken({ ...payload, iss: partner.issuer }))),
          iss: partner.issuer,
        };
      };
      const providers = c.resolve(Providers);
      const signIn = async (name: 'work' | 'partner', idp: FakeIdentityProvider) => {
        const { url, transaction } = await c
          .resolve(StartSignIn)
          .execute({ provider: providers.named(name)!, returnTo: '/', statePrefix: '0' });
        return (
          await c
            .resolve(CompleteSignIn)
            .execute(idp.login(url, 'alice', 'same-sid'), transaction, null, undefined, name)
        ).session;
      };
      const sessions = { work: await signIn('work', work), partner: await signIn('partner', partner) };
      const backChannel = c.resolve(HandleBackChannelLogout);
      return { work, partner, identity, sessions, backChannel, providers };
    }

    it('is verified by each provider in turn, and ends only the sessions of the one whose keys verify it', async () => {
      const { partner, identity, sessions, backChannel, providers } = await tenants();
      const token = await partner.logoutToken({ iss: `${partner.issuer}/tenant-1`, sub: 'alice', sid: 'same-sid' });
      expect(claimedProvider(providers, token)).toBeUndefined();
      expect(await backChannel.execute(token)).toBe(1);
      expect(await identity.hasAccount(sessions.partner.accountKey)).toBe(false);
      expect(await identity.hasAccount(sessions.work.accountKey)).toBe(true);
    });

    it('is refused when no provider verifies it, and ends nothing', async () => {
      const { work, identity, sessions, backChannel } = await tenants();
      const token = await work.logoutToken({ iss: 'https://elsewhere.test', sub: 'alice', sid: 'same-sid' });
      await expect(backChannel.execute(token)).rejects.toMatchObject({
        code: 'invalid_logout_token',
        status: 400,
        message: 'logout token is from none of the configured providers',
      });
      await expect(backChannel.execute('not-a-jwt')).rejects.toMatchObject({ code: 'invalid_logout_token' });
      expect(await identity.hasAccount(sessions.work.accountKey)).toBe(true);
      expect(await identity.hasAccount(sessions.partner.accountKey)).toBe(true);
    });

    it('answers an outage of any provider that could be the signer with that outage (the IdP retries), not a refusal', async () => {
      const { work, partner, backChannel } = await tenants();
      const outage = new IdentityWebError(ErrorCode.IdpUnavailable, 'the keys could not be fetched');
      work.verifyLogoutToken = async () => {
        throw outage;
      };
      const token = await partner.logoutToken({ iss: 'https://elsewhere.test', sub: 'alice' });
      await expect(backChannel.execute(token)).rejects.toBe(outage);
      // A token its provider verifies is served, whatever another provider's outage.
      const fromTenant = await partner.logoutToken({ iss: `${partner.issuer}/tenant-2`, sub: 'alice' });
      expect(await backChannel.execute(fromTenant)).toBe(1);
    });

    it('names the provider its exact iss names for the refusal event, and none otherwise', async () => {
      const { work, partner, providers } = await tenants();
      expect(claimedProvider(providers, await work.logoutToken({ sub: 'x' }))?.name).toBe('work');
      expect(claimedProvider(providers, await partner.logoutToken({ sub: 'x' }))?.name).toBe('partner');
      expect(claimedProvider(providers, await partner.logoutToken({ sub: 'x', iss: 42 }))).toBeUndefined();
      expect(claimedProvider(providers, 'a.%%%.b')).toBeUndefined();
      expect(claimedProvider(providers, `a.${Buffer.from('not json').toString('base64url')}.b`)).toBeUndefined();
    });
  });

  it('takes an iss that names no configured provider (a tenant of a template) to the provider, and refuses a repeated one', async () => {
    const { work, c } = two();
    const start = () =>
      c
        .resolve(StartSignIn)
        .execute({ provider: c.resolve(Providers).named('work')!, returnTo: '/', statePrefix: '0' });
    const tenant = await start();
    const params = work.login(tenant.url, 'alice');
    params.set('iss', 'https://idp.test/tenant-1');
    // The package's own check answers, not the core's: the code went to the provider.
    await expect(
      c.resolve(CompleteSignIn).execute(params, tenant.transaction, null, undefined, 'work'),
    ).rejects.toMatchObject({ code: 'invalid_callback', message: 'the response is from another issuer' });
    expect(work.calls.redeem).toBe(1);
    const repeated = await start();
    const twice = work.login(repeated.url, 'alice');
    twice.append('iss', work.issuer);
    await expect(
      c.resolve(CompleteSignIn).execute(twice, repeated.transaction, null, undefined, 'work'),
    ).rejects.toMatchObject({ message: 'the sign-in response came from another identity provider ("iss")' });
    expect(work.calls.redeem).toBe(1);
  });

  it('front-channel: a repeated provider, an unknown one without sid, or none with the cookie fallback ends nothing', async () => {
    const work = new FakeIdentityProvider(clock);
    const partner = new FakeIdentityProvider(clock, { issuer: 'https://partner.test' });
    const identity = createIdentityWeb({
      ...base,
      identityProviders: { work, partner },
      clock,
      frontChannelLogout: { cookieFallback: true },
    });
    const c = containerOf(identity);
    const { url, transaction } = await c
      .resolve(StartSignIn)
      .execute({ provider: c.resolve(Providers).named('partner')!, returnTo: '/', statePrefix: '0' });
    const { session } = await c
      .resolve(CompleteSignIn)
      .execute(partner.login(url, 'alice', 's1'), transaction, null, undefined, 'partner');
    const cookieSession = { id: session.id, accountKey: session.accountKey };
    const handle = c.resolve(HandleFrontChannelLogout);
    expect(await handle.execute({ iss: [], sid: ['s1'], provider: ['partner', 'partner'], cookieSession })).toEqual({
      refused: 'invalid_request',
    });
    expect(await handle.execute({ iss: [], sid: [], provider: ['nobody'], cookieSession })).toEqual({
      refused: 'wrong_issuer',
    });
    expect(await handle.execute({ iss: [], sid: [], cookieSession })).toEqual({ refused: 'provider_not_named' });
    expect(await handle.execute({ iss: [], sid: [], provider: ['work'], cookieSession })).toEqual({
      refused: 'no_session_named',
    });
    expect(await identity.hasAccount(session.accountKey)).toBe(true);
    expect(await handle.execute({ iss: [], sid: [], provider: ['partner'], cookieSession })).toEqual({ removed: 1 });
    expect(await identity.hasAccount(session.accountKey)).toBe(false);
  });

  it('ends a session from before the move by the cookie fallback of the provider it belongs to', async () => {
    const { work, stores, session, partner } = await signedInBeforeTheMove();
    const after = createIdentityWeb({
      ...base,
      identityProviders: { work, partner },
      clock,
      stores,
      frontChannelLogout: { cookieFallback: true },
    });
    const handle = containerOf(after).resolve(HandleFrontChannelLogout);
    const cookieSession = { id: session.id, accountKey: session.accountKey, issuer: session.issuer };
    expect(await handle.execute({ iss: [], sid: [], provider: ['partner'], cookieSession })).toEqual({
      refused: 'no_session_named',
    });
    expect(await handle.execute({ iss: [], sid: [], provider: ['work'], cookieSession })).toEqual({ removed: 1 });
    expect(await after.hasAccount(session.accountKey)).toBe(false);
  });

  it('refuses a transaction that names a provider no longer configured', async () => {
    const { c } = two();
    const { url, transaction } = await c.resolve(StartSignIn).execute({ returnTo: '/', statePrefix: '0' });
    const params = new FakeIdentityProvider(clock).login(url, 'alice');
    await expect(c.resolve(CompleteSignIn).execute(params, { ...transaction, provider: 'gone' })).rejects.toMatchObject(
      { code: 'invalid_state' },
    );
  });

  it('counts sign-ins and failed provider calls by provider, and names the provider in log lines', async () => {
    const lines: Record<string, unknown>[] = [];
    const keep = (fields: Record<string, unknown>) => void lines.push(fields);
    const logger: Logger = { debug: keep, info: keep, warn: keep, error: keep };
    const { partner, identity, c } = two(logger);
    const metrics = prometheusMetrics(identity);
    const providers = c.resolve(Providers);
    const { url, transaction } = await c.resolve(StartSignIn).execute({
      provider: providers.named('partner')!,
      returnTo: '/',
      statePrefix: '0',
    });
    const params = partner.login(url, 'alice');
    const { session } = await c.resolve(CompleteSignIn).execute(params, transaction, null, undefined, 'partner');
    expect(session.account).toMatchObject({ provider: 'partner', key: 'partner:fake.alice' });
    partner.revokeRefreshTokens('alice');
    await identity.acquireToken(session.account, { scopes: ['api://x/read'] }).catch(() => undefined);
    await identity.acquireToken(session.account, { scopes: ['openid'], forceRefresh: true }).catch(() => undefined);
    const text = await metrics();
    expect(text).toContain('identity_web_sign_ins_by_provider_total{provider="work"} 0');
    expect(text).toContain('identity_web_sign_ins_by_provider_total{provider="partner"} 1');
    expect(text).toContain(
      'identity_web_idp_errors_by_provider_total{provider="work",operation="acquire-token-silent"} 0',
    );
    expect(text).toMatch(
      /identity_web_idp_errors_by_provider_total\{provider="partner",operation="acquire-token-silent"\} [1-9]/,
    );
    // The refused refresh (a debug line: the user signs in again) and the sign-in (info) name the provider.
    expect(lines).toContainEqual(expect.objectContaining({ operation: 'acquire-token-silent', provider: 'partner' }));
    expect(lines).toContainEqual(expect.objectContaining({ event: 'signed_in', provider: 'partner' }));
  });
});
