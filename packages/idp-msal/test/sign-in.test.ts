import { ErrorCode, IdentityWebError } from '@identity-web/core/provider';
import { FAKE_ENTRA, FakeEntra, makeUser } from '@identity-web/msal/testing';
import { base64url, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { accountsIn, provider, SIGN_IN_SCOPES, signIn, transaction, useMsw } from './support/harness.js';

const server = useMsw();

function setup(options: Parameters<typeof provider>[0] = {}) {
  const entra = new FakeEntra();
  server.use(...entra.handlers());
  return { entra, idp: provider(options) };
}

async function callbackFor(options: Parameters<typeof provider>[0] = {}) {
  const { entra, idp } = setup(options);
  const t = transaction();
  const url = await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
  const params = entra.authorize(url, makeUser(1));
  return { entra, idp, t, params };
}

describe('authorizationUrl', () => {
  it('asks Entra for a code with PKCE S256, state, nonce and client_info', async () => {
    const { idp } = setup();
    const t = transaction();
    const url = await idp.authorizationUrl({
      redirectUri: FAKE_ENTRA.redirectUri,
      scopes: [FAKE_ENTRA.graphRead],
      ...t,
      loginHint: 'ada@contoso.com',
      domainHint: 'contoso.com',
      prompt: 'select_account',
      acrValues: ['c1'],
      maxAge: 600,
    });
    expect(url.searchParams.get('acr_values')).toBe('c1');
    expect(url.searchParams.get('max_age')).toBe('600');
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/oauth2/v2.0/authorize',
    );
    const q = url.searchParams;
    expect(q.get('client_id')).toBe(FAKE_ENTRA.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('redirect_uri')).toBe(FAKE_ENTRA.redirectUri);
    expect(q.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining([FAKE_ENTRA.graphRead, 'openid', 'profile', 'offline_access']),
    );
    expect(q.get('state')).toBe(t.state);
    expect(q.get('nonce')).toBe(t.nonce);
    expect(q.get('code_challenge')).toBe(t.codeChallenge);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('client_info')).toBe('1');
    expect(q.get('response_mode')).toBe('query');
    expect(q.get('prompt')).toBe('select_account');
    expect(q.get('domain_hint')).toBe('contoso.com');
    expect(url.toString()).not.toContain(FAKE_ENTRA.clientSecret);
  });

  it('asks for form_post when configured, and passes a claims request through', async () => {
    const { idp } = setup({ responseMode: 'form_post' });
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const url = await idp.authorizationUrl({
      redirectUri: FAKE_ENTRA.redirectUri,
      scopes: [FAKE_ENTRA.graphRead],
      ...transaction(),
      claims,
    });
    expect(url.searchParams.get('response_mode')).toBe('form_post');
    expect(JSON.parse(url.searchParams.get('claims') ?? '{}')).toMatchObject(JSON.parse(claims));
  });

  it("says its response mode, so the core's sign-in cookie survives form_post's cross-site POST (SameSite=None)", () => {
    expect(setup({ responseMode: 'form_post' }).idp.responseMode).toBe('form_post');
    expect(setup().idp.responseMode).toBe('query');
  });
});

describe('redeemCode', () => {
  it('returns the account keyed by the home account id, with oid, tid, sid and login_hint', async () => {
    const { entra, idp } = setup();
    const user = makeUser(7);
    const result = await signIn(idp, entra, user);

    expect(result.account).toMatchObject({
      key: user.homeAccountId,
      issuer: `https://login.microsoftonline.com/${user.tid}/v2.0`,
      subject: user.sub,
      tenantId: user.tid,
      username: user.username,
      name: user.name,
      loginHint: user.loginHint,
      claims: { oid: user.oid, tid: user.tid, sid: user.sid },
    });
    expect(result.sid).toBe(user.sid);
    expect(result.idToken?.split('.')).toHaveLength(3);
    expect(JSON.stringify(result.account)).not.toMatch(/at\.|rt\.|AXoA/);
  });

  it('exposes the roles and groups claims, and a groups overage as groupsOverage: true', async () => {
    const { entra, idp } = setup();
    const [member, many, implicit] = [makeUser(20), makeUser(21), makeUser(22)];
    entra.idTokenClaims.set(member.homeAccountId, { roles: ['Orders.Admin'], groups: ['g-1', 'g-2'] });
    // Beyond 200 groups Entra sends a pointer to Graph instead of the list (or only `hasgroups`).
    entra.idTokenClaims.set(many.homeAccountId, {
      _claim_names: { groups: 'src1' },
      _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/x/getMemberObjects' } },
    });
    entra.idTokenClaims.set(implicit.homeAccountId, { hasgroups: true });
    const claimsOf = async (user: typeof member) => (await signIn(idp, entra, user)).account.claims ?? {};
    const plain = await claimsOf(member);
    expect(plain).toMatchObject({ roles: ['Orders.Admin'], groups: ['g-1', 'g-2'] });
    expect(plain).not.toHaveProperty('groupsOverage');
    expect(await claimsOf(many)).toMatchObject({ groupsOverage: true });
    expect(await claimsOf(many)).not.toHaveProperty('_claim_sources');
    expect(await claimsOf(implicit)).toMatchObject({ groupsOverage: true });
  });

  it('reports the redeemed resource scopes Entra granted, and the other resources as asked', async () => {
    const { entra, idp } = setup();
    const asked = ['openid', 'offline_access', FAKE_ENTRA.graphRead, 'api://orders/read'];
    const result = await signIn(idp, entra, makeUser(23), asked);
    expect(result.grantedScopes).toEqual(expect.arrayContaining([FAKE_ENTRA.graphRead, 'api://orders/read']));
  });

  it('makes the partition msal’s cache of this one account', async () => {
    const { entra, idp } = setup();
    const user = makeUser(2);
    const { partition } = await signIn(idp, entra, user);
    expect(accountsIn(partition)).toEqual(new Set([user.homeAccountId]));
    const cache = JSON.parse(partition);
    expect(Object.keys(cache)).toEqual(
      expect.arrayContaining(['Account', 'IdToken', 'AccessToken', 'RefreshToken', 'AppMetadata']),
    );
    // msal files the account under the environment alias login.windows.net for
    // login.microsoftonline.com (docs/entra-id.md).
    expect(Object.keys(cache.Account)).toEqual([`${user.homeAccountId}-login.windows.net-${user.tid}`]);
  });

  it('sends the code with the PKCE verifier, the secret and client_info=1', async () => {
    const { entra, idp, t, params } = await callbackFor();
    await idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
    const body = entra.tokenRequests[0]?.body;
    expect(body?.get('grant_type')).toBe('authorization_code');
    expect(body?.get('code')).toBe(params.get('code'));
    expect(body?.get('code_verifier')).toBe(t.codeVerifier);
    expect(body?.get('client_secret')).toBe(FAKE_ENTRA.clientSecret);
    expect(body?.get('client_info')).toBe('1');
    expect(body?.get('redirect_uri')).toBe(FAKE_ENTRA.redirectUri);
  });

  it('redeems for one resource only when the sign-in asked consent for several', async () => {
    const { entra, idp } = setup();
    await signIn(idp, entra, makeUser(3), ['openid', 'offline_access', FAKE_ENTRA.graphRead, 'api://orders/read']);
    const scopes = entra.tokenRequests[0]?.body.get('scope')?.split(' ');
    expect(scopes).toContain(FAKE_ENTRA.graphRead);
    expect(scopes).not.toContain('api://orders/read');
  });

  it.each([
    ['access_denied', 'the user declined'],
    ['interaction_required', 'prompt=none failed'],
  ])('turns a callback error=%s into invalid_callback (400) without calling Entra', async (error, description) => {
    const { entra, idp } = setup();
    const t = transaction();
    const params = new URLSearchParams({ error, error_description: description, state: t.state });
    const failure = await idp
      .redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IdentityWebError);
    expect(failure).toMatchObject({ code: ErrorCode.InvalidCallback, status: 400 });
    expect((failure as Error).message).toContain(error);
    expect(entra.tokenRequests).toHaveLength(0);
  });

  it('does not reflect a crafted error parameter', async () => {
    const { idp } = setup();
    const t = transaction();
    const params = new URLSearchParams({ error: '<script>alert(1)</script>', state: t.state });
    await expect(
      idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t }),
    ).rejects.toThrow(/unknown_error/);
  });

  it('rejects a callback whose state is not the transaction’s', async () => {
    const { entra, idp, t, params } = await callbackFor();
    params.set('state', 'another-state');
    await expect(
      idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidState, status: 400 });
    expect(entra.tokenRequests).toHaveLength(0);
  });

  it('rejects a callback without a code', async () => {
    const { idp } = setup();
    const t = transaction();
    await expect(
      idp.redeemCode({
        params: new URLSearchParams({ state: t.state }),
        redirectUri: FAKE_ENTRA.redirectUri,
        scopes: [],
        ...t,
      }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidCallback, status: 400 });
  });

  it('rejects a callback naming another issuer (RFC 9207)', async () => {
    const { idp, t, params } = await callbackFor();
    params.set('iss', 'https://evil.example.com/v2.0');
    await expect(
      idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidCallback });
  });

  it('accepts a callback naming exactly the configured issuer (RFC 9207)', async () => {
    const { idp, t, params } = await callbackFor();
    params.set('iss', `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/v2.0`);
    const result = await idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
    expect(result.account.issuer).toBe(`${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/v2.0`);
  });

  it.each([
    ['the host', `https://LOGIN.microsoftonline.com/${FAKE_ENTRA.tenantId}/v2.0`],
    ['the scheme', `HTTPS://login.microsoftonline.com/${FAKE_ENTRA.tenantId}/v2.0`],
    ['the tenant id', `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId.toUpperCase()}/v2.0`],
    ['the version', `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/V2.0`],
  ])(
    'rejects a callback issuer that differs only in the case of %s (RFC 9207 §2.4: exact comparison)',
    async (_, iss) => {
      const { entra, idp, t, params } = await callbackFor();
      params.set('iss', iss);
      await expect(
        idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t }),
      ).rejects.toMatchObject({ code: ErrorCode.InvalidCallback, status: 400 });
      expect(entra.tokenRequests).toHaveLength(0);
    },
  );

  it('fills a multi-tenant issuer with one lower-case tenant id, as Entra writes it, and compares the rest exactly', async () => {
    for (const [iss, accepted] of [
      [`${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/v2.0`, true],
      [`${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId.toUpperCase()}/v2.0`, false],
      [`https://LOGIN.MICROSOFTONLINE.COM/${FAKE_ENTRA.tenantId}/v2.0`, false],
      [`${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/V2.0`, false],
      [`${FAKE_ENTRA.login}/contoso.onmicrosoft.com/v2.0`, false],
      [`${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/${FAKE_ENTRA.tenantId}/v2.0`, false],
      [`${FAKE_ENTRA.login}//v2.0`, false],
    ] as const) {
      const { entra, idp, t, params } = await callbackFor({ tenant: 'organizations' });
      params.set('iss', iss);
      const redeemed = idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
      if (accepted) {
        expect((await redeemed).account.issuer, iss).toBe(`${FAKE_ENTRA.login}/{tenantid}/v2.0`);
      } else {
        await expect(redeemed, iss).rejects.toMatchObject({ code: ErrorCode.InvalidCallback });
        expect(entra.tokenRequests, iss).toHaveLength(0);
      }
    }
  });

  it('rejects a multi-tenant id token whose tid and iss hold an upper-case tenant id (Entra writes lower case)', async () => {
    const { entra, idp } = setup({ tenant: 'organizations' });
    const upper = makeUser(2, FAKE_ENTRA.tenantId.toUpperCase());
    await expect(signIn(idp, entra, upper)).rejects.toMatchObject({
      code: ErrorCode.InvalidCallback,
      message: expect.stringContaining('"iss" is not the configured issuer'),
    });
    await expect(signIn(idp, entra, makeUser(3))).resolves.toMatchObject({
      account: { issuer: `${FAKE_ENTRA.login}/{tenantid}/v2.0` },
    });
  });

  it('rejects an id token whose nonce is not the transaction’s', async () => {
    const { idp, t, params } = await callbackFor();
    await expect(
      idp.redeemCode({
        params,
        redirectUri: FAKE_ENTRA.redirectUri,
        scopes: SIGN_IN_SCOPES,
        ...t,
        nonce: 'other-nonce',
      }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidCallback, status: 400 });
  });

  it('rejects a reused code as invalid_callback, not as a server failure', async () => {
    const { idp, t, params } = await callbackFor();
    await idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t });
    const failure = await idp
      .redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: ErrorCode.InvalidCallback, status: 400 });
    expect((failure as Error).message).toContain('AADSTS54005');
    expect((failure as Error).message).not.toContain(params.get('code') ?? '-');
  });

  describe('the ID token’s signature (OIDC Core 1.0 §3.1.3.7 step 6: msal-node does not check it)', () => {
    const corrupt = (jwt: string) => `${jwt.slice(0, -8)}${jwt.endsWith('AAAAAAAA') ? 'BBBBBBBB' : 'AAAAAAAA'}`;

    it.each([
      [
        'a corrupted signature',
        async (entra: FakeEntra, c: Record<string, unknown>) => corrupt(await entra.keys.sign(c)),
        /the signature is not valid/,
      ],
      [
        'a key Entra never published, under its kid',
        async (_: FakeEntra, c: Record<string, unknown>) => {
          const { privateKey } = await generateKeyPair('RS256');
          return new SignJWT(c)
            .setProtectedHeader({ alg: 'RS256', kid: 'nOo3ZDrODXEK1jKWhXslHR_KXEg' })
            .sign(privateKey);
        },
        /the signature is not valid/,
      ],
      [
        'no signature ("alg": "none")',
        async (_: FakeEntra, c: Record<string, unknown>) =>
          `${base64url.encode('{"alg":"none"}')}.${base64url.encode(JSON.stringify(c))}.`,
        /"alg" is not RS256/,
      ],
    ])('refuses an ID token with %s (400, nothing kept)', async (_, sign, reason) => {
      const { entra, idp, t, params } = await callbackFor();
      entra.signIdToken = (claims) => sign(entra, claims);
      const failure = await idp
        .redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes: SIGN_IN_SCOPES, ...t })
        .catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: ErrorCode.InvalidCallback, status: 400 });
      expect((failure as Error).message).toMatch(reason);
    });

    /** Signs in, then refreshes with Entra signing the refreshed ID token by `sign`: what the refresh throws. */
    async function refreshedWith(sign: (entra: FakeEntra, claims: Record<string, unknown>) => Promise<string>) {
      const { entra, idp, t, params } = await callbackFor();
      const { account, partition } = await idp.redeemCode({
        params,
        redirectUri: FAKE_ENTRA.redirectUri,
        scopes: SIGN_IN_SCOPES,
        ...t,
      });
      entra.signIdToken = (claims) => sign(entra, claims);
      return idp
        .acquireTokenSilent(partition, account, {
          scopes: [FAKE_ENTRA.graphRead],
          forceRefresh: true,
          refreshSkewSeconds: 0,
        })
        .catch((e: unknown) => e as Error);
    }

    it('refuses a refreshed ID token with a bad signature: the refresh fails and returns no partition', async () => {
      const failure = await refreshedWith(async (entra, claims) => corrupt(await entra.keys.sign(claims)));
      expect(failure).toMatchObject({ code: ErrorCode.InteractionRequired, status: 401 });
      expect((failure as Error).message).toMatch(/refreshed ID token is refused: the signature is not valid/);
    });

    it('refuses a refreshed ID token that names another user (OIDC Core 1.0 §12.2)', async () => {
      const failure = await refreshedWith((entra, claims) => entra.keys.sign({ ...claims, sub: 'someone-else' }));
      expect(failure).toMatchObject({ code: ErrorCode.InteractionRequired });
      expect((failure as Error).message).toMatch(/it names another subject/);
    });
  });
});
