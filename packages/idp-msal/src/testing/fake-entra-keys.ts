import { randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { type HttpHandler, HttpResponse, http } from 'msw';
import { FAKE_ENTRA, type FakeUser, TOKEN_HEADERS } from './entra-shapes.js';

const KID = 'nOo3ZDrODXEK1jKWhXslHR_KXEg';
/** The event a logout token's `events` claim carries. */
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let shared: Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }> | undefined;

/** One RSA key pair per process: making one costs a few hundred milliseconds, and every fake Entra signs alike. */
function sharedPair() {
  shared ??= generateKeyPair('RS256', { extractable: true });
  return shared;
}

/**
 * Entra's signing keys at `{authority}/discovery/v2.0/keys` (each key carries `issuer`, and
 * `x5t` equal to `kid`), plus a logout-token minter. Entra sends no back-channel logout today;
 * the tokens follow OIDC Back-Channel Logout 1.0 §2.4 with Entra's issuer shape.
 *
 * @group Test doubles
 */
export class FakeEntraKeys {
  /** How many JWKS requests were served. */
  jwksRequests = 0;
  private pair: Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }> | undefined;

  constructor(private readonly authority: string) {}

  private keys() {
    this.pair ??= sharedPair();
    return this.pair;
  }

  /** MSW handlers serving the JWKS. */
  handlers(): HttpHandler[] {
    return [
      http.get(`${new URL(this.authority).origin}/*/discovery/v2.0/keys`, async () => {
        this.jwksRequests++;
        const jwk = await exportJWK((await this.keys()).publicKey);
        const issuer = `${new URL(this.authority).origin}/{tenantid}/v2.0`;
        return HttpResponse.json(
          { keys: [{ kty: 'RSA', use: 'sig', kid: KID, x5t: KID, n: jwk.n, e: jwk.e, issuer }] },
          { headers: TOKEN_HEADERS },
        );
      }),
    ];
  }

  /** Signs an ID token as Entra does: RS256, with the published key's `kid`. */
  async sign(claims: Record<string, unknown>): Promise<string> {
    return new SignJWT(claims as JWTPayload)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: KID })
      .sign((await this.keys()).privateKey);
  }

  /** A logout token for `user`'s session; `overrides` replaces claims or the header (null removes). */
  async logoutToken(
    user: FakeUser,
    overrides: { claims?: Record<string, unknown>; header?: Record<string, unknown>; key?: CryptoKey } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: `${FAKE_ENTRA.login}/${user.tid}/v2.0`,
      aud: FAKE_ENTRA.clientId,
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
      sub: user.sub,
      sid: user.sid,
      tid: user.tid,
      events: { [BACKCHANNEL_EVENT]: {} },
      ...overrides.claims,
    };
    for (const [k, v] of Object.entries(claims)) if (v === null) delete claims[k];
    return new SignJWT(claims as JWTPayload)
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'logout+jwt', ...overrides.header } as { alg: string })
      .sign(overrides.key ?? (await this.keys()).privateKey);
  }
}
