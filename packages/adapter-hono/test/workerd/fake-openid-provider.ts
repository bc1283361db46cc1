import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const MAX_BODY_BYTES = 16 * 1024;

interface Grant {
  sub: string;
  sid: string;
  name: string;
  scope: string;
}

export interface FakeOpenIdProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Who the next /authorize signs in (there is no login page: it auto-logs-in). */
  nextLogin: { sub: string; sid: string; name: string };
  /** Refresh requests asking for any of these scopes fail with `invalid_grant` (consent revoked, say). */
  readonly refusedScopes: Set<string>;
  readonly counts: { discovery: number; authorize: number; code: number; refresh: number; endSession: number };
  /**
   * DPoP (RFC 9449) at the token endpoint: a request with a `DPoP` proof gets a DPoP token, and
   * the proofs are kept here (the signature is checked by the suite, not here). With `nonce`
   * set, a proof without that nonce is refused with `use_dpop_nonce` and the nonce (§8).
   */
  readonly dpop: { nonce: string | undefined; readonly proofs: string[] };
  /** A signed back-channel logout token (BCL §2.4) for this client; `claims` override the defaults. */
  logoutToken(claims: { sub?: string; sid?: string }, options?: { foreignKey?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A small OpenID provider on 127.0.0.1 for the workerd suite, written with node:http and jose:
 * discovery, JWKS, an authorize endpoint that signs `nextLogin` in and redirects back with
 * `code`, `state` and `iss` (RFC 9207), a token endpoint (code with PKCE S256 and client_secret_basic,
 * refresh with rotation) and an end-session endpoint. ID tokens and logout tokens are RS256.
 */
export async function startFakeOpenIdProvider(client: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}): Promise<FakeOpenIdProvider> {
  const keys = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const kid = 'k1';
  const jwk: JWK = { ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, Grant & { nonce: string; challenge: string; redirectUri: string }>();
  const refreshTokens = new Map<string, Grant>();
  let serial = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: 'server_error', detail: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const op: FakeOpenIdProvider = {
    issuer,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    nextLogin: { sub: 'alice', sid: 'sid-alice', name: 'Alice' },
    dpop: { nonce: undefined, proofs: [] },
    refusedScopes: new Set(),
    counts: { discovery: 0, authorize: 0, code: 0, refresh: 0, endSession: 0 },
    async logoutToken(claims, options = {}) {
      return new SignJWT({ events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, jti: randomUUID(), ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'logout+jwt' })
        .setIssuer(issuer)
        .setAudience(client.clientId)
        .setIssuedAt()
        .setExpirationTime('2m')
        .sign(options.foreignKey ? foreign.privateKey : keys.privateKey);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /.well-known/openid-configuration') {
      op.counts.discovery += 1;
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        end_session_endpoint: `${issuer}/logout`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        authorization_response_iss_parameter_supported: true,
        backchannel_logout_supported: true,
        backchannel_logout_session_supported: true,
      });
    }
    if (route === 'GET /jwks') return send(res, 200, { keys: [jwk] });
    if (route === 'GET /authorize') return authorize(url.searchParams, res);
    if (route === 'POST /token') return token(req, res);
    if (route === 'GET /logout') {
      op.counts.endSession += 1;
      return send(res, 200, { signedOut: true });
    }
    return send(res, 404, { error: 'not_found' });
  }

  function authorize(q: URLSearchParams, res: ServerResponse) {
    op.counts.authorize += 1;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== client.clientId || redirectUri !== client.redirectUri) {
      return send(res, 400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
    }
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return send(res, 400, { error: 'invalid_request', error_description: 'code flow with PKCE S256 only' });
    }
    const code = `code-${++serial}`;
    codes.set(code, {
      ...op.nextLogin,
      scope: q.get('scope') ?? 'openid',
      nonce: q.get('nonce') ?? '',
      challenge: q.get('code_challenge') ?? '',
      redirectUri,
    });
    const back = new URL(redirectUri);
    back.search = new URLSearchParams({ code, state: q.get('state') ?? '', iss: issuer }).toString();
    res.writeHead(302, { location: back.href, 'cache-control': 'no-store' }).end();
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!clientAuthenticated(req.headers.authorization)) return send(res, 401, { error: 'invalid_client' });
    const proof = typeof req.headers.dpop === 'string' ? req.headers.dpop : undefined;
    if (proof !== undefined) {
      op.dpop.proofs.push(proof);
      const claims = JSON.parse(Buffer.from(proof.split('.')[1] ?? '', 'base64url').toString()) as { nonce?: string };
      if (op.dpop.nonce !== undefined && claims.nonce !== op.dpop.nonce) {
        res.setHeader('dpop-nonce', op.dpop.nonce);
        return send(res, 400, { error: 'use_dpop_nonce', error_description: 'a nonce is required' });
      }
    }
    const tokenType = proof === undefined ? 'Bearer' : 'DPoP';
    const form = new URLSearchParams(await readBody(req));
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!grant || grant.redirectUri !== form.get('redirect_uri') || grant.challenge !== challenge) {
        return send(res, 400, { error: 'invalid_grant' });
      }
      op.counts.code += 1;
      return send(res, 200, await tokens(tokenType, grant, grant.scope, grant.nonce));
    }
    if (grantType === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      const scopes = (form.get('scope') ?? '').split(' ');
      if (!grant || scopes.some((s) => op.refusedScopes.has(s))) return send(res, 400, { error: 'invalid_grant' });
      refreshTokens.delete(form.get('refresh_token') ?? ''); // rotation (RFC 9700 §4.14.2)
      op.counts.refresh += 1;
      return send(res, 200, await tokens(tokenType, grant, form.get('scope') ?? grant.scope));
    }
    return send(res, 400, { error: 'unsupported_grant_type' });
  }

  async function tokens(
    tokenType: string,
    grant: Grant,
    scope: string,
    nonce?: string,
  ): Promise<Record<string, unknown>> {
    const refreshToken = `rt-${grant.sub}-${++serial}`;
    refreshTokens.set(refreshToken, grant);
    const idToken =
      nonce === undefined
        ? undefined
        : await new SignJWT({ sid: grant.sid, nonce, name: grant.name, preferred_username: grant.sub })
            .setProtectedHeader({ alg: 'RS256', kid })
            .setIssuer(issuer)
            .setSubject(grant.sub)
            .setAudience(client.clientId)
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(keys.privateKey);
    return {
      // Its port in every token: two of these providers never issue the same string.
      access_token: `at-${grant.sub}-${++serial}.${new URL(issuer).port}`,
      token_type: tokenType,
      expires_in: 3600,
      scope,
      refresh_token: refreshToken,
      ...(idToken && { id_token: idToken }),
    };
  }

  // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (oauth4webapi sends `-` as %2D).
  function clientAuthenticated(header: string | undefined): boolean {
    const [scheme, value] = (header ?? '').split(' ');
    if (scheme !== 'Basic' || !value) return false;
    const [id, secret] = Buffer.from(value, 'base64').toString().split(':').map(formDecode);
    return id === client.clientId && secret === client.clientSecret;
  }

  return op;
}

const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_BODY_BYTES) throw new Error('body too large');
  }
  return text;
}
