import { describe, expect, it, vi } from 'vitest';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../src/domain/logout-token.js';
import {
  type LogoutTokenVerification,
  MAX_LOGOUT_TOKEN_LENGTH,
  type VerifiedJws,
  verifyLogoutToken,
} from '../../src/domain/verify-logout-token.js';

// The verifier every IdP package shares (OIDC Back-Channel Logout 1.0 §2.6), with a stand-in for
// the package's signature check: each case removes or breaks one step.

const ISSUER = 'https://idp.example';
const NOW = 1_767_225_600;

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: 'client-1',
    iat: NOW,
    exp: NOW + 120,
    jti: 'jti-1',
    sid: 'sid-1',
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    ...overrides,
  };
}

function signed(payload: unknown, header: Record<string, unknown> = { alg: 'RS256' }): VerifiedJws {
  const bytes = payload instanceof Uint8Array ? payload : new TextEncoder().encode(JSON.stringify(payload));
  return { protectedHeader: header, payload: bytes };
}

function notUtf8(): Uint8Array {
  const text = JSON.stringify(claims({ sid: 'SID' }));
  const bytes = new TextEncoder().encode(text);
  bytes[text.indexOf('SID')] = 0xff;
  return bytes;
}

function verification(overrides: Partial<LogoutTokenVerification> = {}): LogoutTokenVerification {
  return {
    verifySignature: async () => signed(claims()),
    issuer: ISSUER,
    clientId: 'client-1',
    now: () => NOW * 1000,
    ...overrides,
  };
}

async function refusal(jwt: unknown, rules: LogoutTokenVerification) {
  const error = await verifyLogoutToken(jwt, rules).then(
    () => expect.unreachable('expected a refusal'),
    (e: unknown) => e as { code: string; status: number; message: string },
  );
  expect(error).toMatchObject({ code: 'invalid_logout_token', status: 400 });
  return error.message;
}

describe('verifyLogoutToken: the token as it arrives', () => {
  it(`refuses a missing, empty or non-string token, and one over ${MAX_LOGOUT_TOKEN_LENGTH} characters, before any signature check`, async () => {
    const verifySignature = vi.fn(async () => signed(claims()));
    for (const jwt of [undefined, '', 42, 'x'.repeat(MAX_LOGOUT_TOKEN_LENGTH + 1)]) {
      expect(await refusal(jwt, verification({ verifySignature }))).toBe('logout token is missing or too long');
    }
    expect(verifySignature).not.toHaveBeenCalled();
    await expect(
      verifyLogoutToken('x'.repeat(MAX_LOGOUT_TOKEN_LENGTH), verification({ verifySignature })),
    ).resolves.toMatchObject({ jti: 'jti-1' });
    expect(verifySignature).toHaveBeenCalledOnce();
  });

  it('takes the claims from the signature check only, never from the token text', async () => {
    const forged = `e30.${Buffer.from(JSON.stringify(claims({ sid: 'victim' }))).toString('base64url')}.x`;
    await expect(verifyLogoutToken(forged, verification())).resolves.toMatchObject({ sid: 'sid-1' });
  });
});

describe('verifyLogoutToken: the signature check', () => {
  it('refuses in fixed words what the signature check refuses, with its cause', async () => {
    const rules = verification({
      verifySignature: async (_jwt, refuse) => {
        throw refuse('the signature is not valid', { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
      },
    });
    const error = await verifyLogoutToken('a.b.c', rules).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_logout_token',
      status: 400,
      message: 'logout token rejected: the signature is not valid',
      cause: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
    });
  });

  it("passes the provider's own failure (an unreachable key set) through, not blaming the token", async () => {
    const down = Object.assign(new Error('jwks down'), { code: 'idp_unavailable' });
    const rules = verification({ verifySignature: () => Promise.reject(down) });
    await expect(verifyLogoutToken('a.b.c', rules)).rejects.toBe(down);
  });

  it('reads the clock once the signature holds, not before', async () => {
    const order: string[] = [];
    const rules = verification({
      verifySignature: async () => {
        order.push('signature');
        return signed(claims());
      },
      now: () => {
        order.push('now');
        return NOW * 1000;
      },
    });
    await verifyLogoutToken('a.b.c', rules);
    expect(order).toEqual(['signature', 'now']);
  });
});

describe('verifyLogoutToken: the payload (RFC 7519 §7.2)', () => {
  it.each([
    ['JSON that is not an object', signed([claims()])],
    ['JSON null', signed(null)],
    ['a JSON number', signed(42)],
    ['a JSON string', signed('claims')],
    ['no JSON', signed(new TextEncoder().encode('{"iss":'))],
    // A byte that is no UTF-8 in the sid: decoded leniently, it would pass as U+FFFD.
    ['no UTF-8', signed(notUtf8())],
    ['an unencoded payload ("b64": false)', signed(claims(), { alg: 'RS256', b64: false, crit: ['b64'] })],
  ])('refuses %s', async (_case, result) => {
    const message = await refusal('a.b.c', verification({ verifySignature: async () => result }));
    expect(message).toBe('logout token payload is not a JSON object');
  });
});

describe('verifyLogoutToken: the claim rules and their options', () => {
  it('holds iss to the issuer the package names from the payload, and refuses a payload that names none', async () => {
    const tenant = (payload: Readonly<Record<string, unknown>>) =>
      typeof payload.tid === 'string' ? `https://idp.example/${payload.tid}` : undefined;
    const ofTenant = (tid?: string) =>
      verification({
        issuer: tenant,
        verifySignature: async () => signed(claims({ iss: 'https://idp.example/t1', tid })),
      });
    await expect(verifyLogoutToken('a.b.c', ofTenant('t1'))).resolves.toMatchObject({ iss: 'https://idp.example/t1' });
    expect(await refusal('a.b.c', ofTenant('t2'))).toMatch(/"iss" does not match/);
    expect(await refusal('a.b.c', ofTenant())).toMatch(/"iss" does not match/);
    // No iss and no tid: the callback names no issuer, and nothing may compare undefined to undefined.
    const noIssuer = verification({ issuer: tenant, verifySignature: async () => signed(claims({ iss: undefined })) });
    expect(await refusal('a.b.c', noIssuer)).toMatch(/"iss" does not match/);
    // Refused for naming no issuer before any claim rule is applied (here: a wrong typ).
    const mistyped = verification({
      issuer: tenant,
      verifySignature: async () => signed(claims(), { alg: 'RS256', typ: 'at+jwt' }),
    });
    expect(await refusal('a.b.c', mistyped)).toBe('logout token "iss" does not match the issuer');
  });

  it('applies the claim rules with the given skew, maximum age and missing-exp switch', async () => {
    const token = (overrides: Record<string, unknown>) => ({
      verifySignature: async () => signed(claims(overrides)),
    });
    await expect(verifyLogoutToken('a.b.c', verification(token({ iat: NOW - 360 })))).resolves.toBeTruthy();
    expect(await refusal('a.b.c', verification({ ...token({ iat: NOW - 360 }), maxAgeSeconds: 299 }))).toMatch(
      /too old/,
    );
    expect(await refusal('a.b.c', verification({ ...token({ iat: NOW + 11 }), clockSkewSeconds: 10 }))).toMatch(
      /future/,
    );
    await expect(verifyLogoutToken('a.b.c', verification(token({ exp: undefined })))).resolves.toBeTruthy();
    expect(await refusal('a.b.c', verification({ ...token({ exp: undefined }), allowMissingExp: false }))).toMatch(
      /"exp" is missing/,
    );
    expect(await refusal('a.b.c', verification(token({ nonce: 'n' })))).toMatch(/"nonce"/);
  });
});

describe('verifyLogoutToken: the windows a package may ask for', () => {
  it('refuses a maximum age over a day or a skew over ten minutes, before any signature check', async () => {
    // Either would keep a token acceptable after its jti is forgotten (two days), letting a replay in.
    const verifySignature = vi.fn(async () => signed(claims()));
    await expect(
      verifyLogoutToken('a.b.c', verification({ verifySignature, maxAgeSeconds: 86_401 })),
    ).rejects.toMatchObject({
      code: 'invalid_option',
      option: 'logoutToken.maxAgeSeconds',
    });
    await expect(
      verifyLogoutToken('a.b.c', verification({ verifySignature, clockSkewSeconds: 601 })),
    ).rejects.toMatchObject({
      code: 'invalid_option',
      option: 'clockSkewSeconds',
    });
    expect(verifySignature).not.toHaveBeenCalled();
    await expect(
      verifyLogoutToken('a.b.c', verification({ maxAgeSeconds: 86_400, clockSkewSeconds: 600 })),
    ).resolves.toBeTruthy();
  });
});
