// Entra ID response shapes: token responses, id token claims and error bodies as the Microsoft
// identity platform sends them (docs/entra-id.md). Every value is made up; every shape is Entra's.
// The entry exports FAKE_ENTRA, FakeUser and makeUser; the rest serves the fake and this package's tests.

/**
 * The fake Entra's fixed identity: its tenant, the app registration and the URLs the tests use.
 *
 * @group Test doubles
 */
export const FAKE_ENTRA: {
  /** The fake tenant (`tid`). */
  readonly tenantId: string;
  /** The fake app registration's client id. */
  readonly clientId: string;
  /** The fake client secret; tests assert it never reaches a log or a page. */
  readonly clientSecret: string;
  /** Entra's sign-in host (the public cloud). */
  readonly login: string;
  /** The app's redirect URI in the tests. */
  readonly redirectUri: string;
  /** A Microsoft Graph scope, for token tests. */
  readonly graphRead: string;
} = Object.freeze({
  tenantId: 'aaaabbbb-0000-cccc-1111-dddd2222eeee',
  clientId: '00001111-aaaa-2222-bbbb-3333cccc4444',
  clientSecret: 'fake-secret~value.that-must-never-leak',
  login: 'https://login.microsoftonline.com',
  redirectUri: 'https://app.example.com/auth/callback',
  graphRead: 'https://graph.microsoft.com/User.Read',
});

/**
 * A user of the fake Entra, with the claims its tokens carry.
 *
 * @group Test doubles
 */
export interface FakeUser {
  /** Object id (`oid`). */
  readonly oid: string;
  /** Tenant id (`tid`). */
  readonly tid: string;
  /** Display name (`name`). */
  readonly name: string;
  /** Sign-in name (`preferred_username`). */
  readonly username: string;
  /** Entra session id (`sid`). */
  readonly sid: string;
  /** The `login_hint` optional claim. */
  readonly loginHint: string;
  /** Pairwise subject (`sub`). */
  readonly sub: string;
  /**
   * msal's home account id of the user, `oid.tid`: the account's key. Worked out from `oid` and
   * `tid` when the user is made: a user of another tenant is `makeUser(n, tid)`, never a copy of
   * one with `tid` changed, which would keep the first tenant's ids here and in `clientInfo`.
   */
  readonly homeAccountId: string;
  /** The `client_info` Entra returns (msal asks `client_info=1`): base64url of `{"uid","utid"}`. */
  readonly clientInfo: string;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A workforce user of `FAKE_ENTRA.tenantId` (or of `tid`); lower-case GUIDs, as Entra sends them
 * (docs/entra-id.md).
 *
 * @group Test doubles
 */
export function makeUser(n: number, tid: string = FAKE_ENTRA.tenantId): FakeUser {
  const hex = n.toString(16).padStart(4, '0');
  const oid = `1111${hex}-2222-3333-4444-555555555555`;
  return {
    oid,
    tid,
    name: `User ${n}`,
    username: `user${n}@contoso.com`,
    sid: `00a1b2c3-${hex}-4000-8000-000000000000`,
    loginHint: `O.CiQxMTExMTExMS0yMjIy${hex}`,
    sub: `AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bb${hex}`,
    homeAccountId: `${oid}.${tid}`,
    clientInfo: b64url({ uid: oid, utid: tid }),
  };
}

/**
 * The claims of an Entra v2.0 ID token for `user`, issued at `nowSeconds`; `extra` adds or replaces
 * claims. Public as `FakeEntra.claimsOf`.
 */
export function idTokenClaims(
  user: FakeUser,
  extra: Record<string, unknown> = {},
  nowSeconds = Date.now() / 1000,
): Record<string, unknown> {
  const iat = Math.floor(nowSeconds);
  return {
    aud: FAKE_ENTRA.clientId,
    iss: `${FAKE_ENTRA.login}/${user.tid}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + 3900,
    aio: 'AVQAq/8TAAAA',
    name: user.name,
    oid: user.oid,
    preferred_username: user.username,
    rh: '1.AXoAfakeRh',
    sid: user.sid,
    sub: user.sub,
    tid: user.tid,
    uti: 'x4FzFakeUti',
    ver: '2.0',
    login_hint: user.loginHint,
    ...extra,
  };
}

/**
 * An error body of Entra's token endpoint (this package's tests only).
 */
export interface AadError {
  /** The OAuth error (`invalid_grant`, ...). */
  readonly error: string;
  /** The AADSTS number (`error_codes[0]`). */
  readonly code: number;
  /** The human text (`error_description`). */
  readonly description: string;
  /** Entra's `suberror` (`basic_action`, `consent_required`, ...). */
  readonly suberror?: string;
  /** A Conditional Access claims challenge (JSON string). */
  readonly claims?: string;
}

/**
 * An AADSTS error body, with every field Entra sends (this package's tests only).
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
export function aadErrorBody(e: AadError): Record<string, unknown> {
  const traceId = '0000aaaa-11bb-cccc-dd22-eeeeee333333';
  const correlationId = 'aaaa0000-bb11-2222-33cc-444444dddddd';
  const timestamp = '2025-01-09 02:02:12Z';
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${FAKE_ENTRA.login}/error?code=${e.code}`,
    ...(e.suberror ? { suberror: e.suberror } : {}),
    ...(e.claims ? { claims: e.claims } : {}),
  };
}

/**
 * Headers of a real token response from Entra's token endpoint (the fake's answers; this
 * package's tests use them too).
 */
export const TOKEN_HEADERS = {
  /** JSON, UTF-8. */
  'Content-Type': 'application/json; charset=utf-8',
  /** Token responses are never cached (RFC 6749 §5.1). */
  'Cache-Control': 'no-store, no-cache',
  /** The HTTP/1.0 form of the same. */
  Pragma: 'no-cache',
  /** Entra's request id, quoted in its error pages and logs. */
  'x-ms-request-id': '5a3d6c1e-0000-4000-8000-000000000000',
};
