// Entra ID response shapes: token responses, id token claims and error bodies as the Microsoft
// identity platform sends them (docs/entra-id.md). Every value is made up; every shape is Entra's.

export const TENANT_ID = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
export const CLIENT_ID = '00001111-aaaa-2222-bbbb-3333cccc4444';
export const CLIENT_SECRET = 'fake-secret~value.that-must-never-leak';
export const LOGIN = 'https://login.microsoftonline.com';
export const REDIRECT_URI = 'https://app.example.com/auth/callback';
export const GRAPH_READ = 'https://graph.microsoft.com/User.Read';

export interface FakeUser {
  readonly oid: string;
  readonly tid: string;
  readonly name: string;
  readonly username: string;
  readonly sid: string;
  readonly loginHint: string;
  readonly sub: string;
}

/** A workforce user of TENANT_ID; lower-case GUIDs, as Entra sends them (docs/entra-id.md). */
export function makeUser(n: number, tid = TENANT_ID): FakeUser {
  const hex = n.toString(16).padStart(4, '0');
  return {
    oid: `1111${hex}-2222-3333-4444-555555555555`,
    tid,
    name: `User ${n}`,
    username: `user${n}@contoso.com`,
    sid: `00a1b2c3-${hex}-4000-8000-000000000000`,
    loginHint: `O.CiQxMTExMTExMS0yMjIy${hex}`,
    sub: `AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bb${hex}`,
  };
}

export function homeAccountId(user: FakeUser): string {
  return `${user.oid}.${user.tid}`;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** `client_info` (returned because msal asks `client_info=1`): base64url of {"uid","utid"}. */
export function clientInfo(user: FakeUser): string {
  return b64url({ uid: user.oid, utid: user.tid });
}

/** An unsigned `h.p.` id token: msal-node only decodes id tokens, it never checks a signature. */
export function idToken(user: FakeUser, extra: Record<string, unknown> = {}, nowSeconds = Date.now() / 1000): string {
  const iat = Math.floor(nowSeconds);
  const payload = {
    aud: CLIENT_ID,
    iss: `${LOGIN}/${user.tid}/v2.0`,
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
  return `${b64url({ typ: 'JWT', alg: 'RS256', kid: 'nOo3ZDrODXEK1jKWhXslHR_KXEg' })}.${b64url(payload)}.`;
}

export interface AadError {
  readonly error: string;
  readonly code: number;
  readonly description: string;
  readonly suberror?: string;
  readonly claims?: string;
}

/**
 * An AADSTS error body, with every field Entra sends.
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
    error_uri: `${LOGIN}/error?code=${e.code}`,
    ...(e.suberror ? { suberror: e.suberror } : {}),
    ...(e.claims ? { claims: e.claims } : {}),
  };
}

/** Headers of a real token response from Entra's token endpoint. */
export const TOKEN_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store, no-cache',
  Pragma: 'no-cache',
  'x-ms-request-id': '5a3d6c1e-0000-4000-8000-000000000000',
};
