// The FAPI 2.0 Security Profile client test plan (OpenID Connect client, PAR, DPoP with server
// nonces, private_key_jwt), re-enacted from each module's intent against a FAPI 2.0 provider.
import type { RpModule } from './rp-modules.js';
import { moduleKey, signJws, unsignedJws } from './signing.js';
import type { Misbehaviour } from './test-provider.js';

const PREFIX = 'fapi2-security-profile-final-client-test';

const idToken =
  (change: (c: Record<string, unknown>) => void): Misbehaviour['idToken'] =>
  (c, op) => {
    change(c);
    return signJws(c, op.signer);
  };

const refusedIdToken = (name: string, checks: string, change: (c: Record<string, unknown>) => void): RpModule => ({
  name: `${PREFIX}-${name}`,
  checks,
  expected: 'refuses',
  misbehaviour: { idToken: idToken(change) },
});

const refusedResponse = (name: string, checks: string, change: (location: URL) => void): RpModule => ({
  name: `${PREFIX}-${name}`,
  checks,
  expected: 'refuses',
  misbehaviour: { authorizationResponse: change },
  after: (op) => {
    if (op.count('/token') !== 0) throw new Error('the code of a refused authorization response was redeemed');
  },
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

export const FAPI2_CLIENT: readonly RpModule[] = [
  {
    name: `${PREFIX}-happy-path`,
    checks: 'PAR, DPoP with nonces and private_key_jwt sign the user in',
    expected: 'signs-in',
    misbehaviour: {},
  },
  {
    name: `${PREFIX}-discovery-issuer-mismatch`,
    checks: 'a discovery document naming another issuer stops before any pushed or authorization request',
    expected: 'stops-before-authorization',
    misbehaviour: {
      discovery: (d) => {
        d.issuer = `${String(d.issuer)}INVALID`;
      },
    },
  },
  refusedIdToken('invalid-iss', 'an ID token whose `iss` is not the issuer is refused', (c) => {
    c.iss = `${String(c.iss)}1`;
  }),
  refusedIdToken('invalid-aud', 'an ID token whose `aud` is not the client is refused', (c) => {
    c.aud = `${String(c.aud)}1`;
  }),
  refusedIdToken(
    'invalid-secondary-aud',
    'an ID token with an untrusted second audience and no `azp` is refused',
    (c) => {
      c.aud = [String(c.aud), `${String(c.aud)}1`];
      delete c.azp;
    },
  ),
  {
    name: `${PREFIX}-invalid-null-alg`,
    checks: 'an unsigned (`alg: none`) ID token is refused',
    expected: 'refuses',
    misbehaviour: { idToken: (c) => unsignedJws(c) },
  },
  {
    name: `${PREFIX}-invalid-alternate-alg`,
    checks:
      'an RS256 ID token, from a key the provider publishes, is refused: FAPI 2.0 allows PS256, ES256 and EdDSA only',
    expected: 'refuses',
    misbehaviour: {
      idToken: (c, op) => {
        const rsa = moduleKey('RS256');
        op.keys = [...op.keys, rsa];
        return signJws(c, rsa);
      },
    },
  },
  refusedIdToken('invalid-expired-exp', 'an ID token that expired six minutes ago is refused', (c) => {
    c.exp = nowSeconds() - 360;
  }),
  refusedIdToken('invalid-missing-exp', 'an ID token without `exp` is refused', (c) => {
    delete c.exp;
  }),
  refusedIdToken('invalid-missing-aud', 'an ID token without `aud` is refused', (c) => {
    delete c.aud;
  }),
  refusedIdToken('invalid-missing-iss', 'an ID token without `iss` is refused', (c) => {
    delete c.iss;
  }),
  {
    name: `${PREFIX}-valid-aud-as-array`,
    checks: 'an ID token whose `aud` is a one-element array is accepted',
    expected: 'signs-in',
    misbehaviour: {
      idToken: idToken((c) => {
        c.aud = [String(c.aud)];
      }),
    },
  },
  refusedIdToken('invalid-nonce', 'an ID token with another `nonce` is refused', (c) => {
    c.nonce = `${String(c.nonce)}1`;
  }),
  refusedIdToken('invalid-missing-nonce', 'an ID token without the `nonce` the request sent is refused', (c) => {
    delete c.nonce;
  }),
  refusedResponse(
    'invalid-authorization-response-iss',
    'an authorization response whose `iss` is another issuer is refused before its code is redeemed',
    (u) => {
      u.searchParams.set('iss', `${u.searchParams.get('iss') ?? ''}1`);
    },
  ),
  refusedResponse(
    'remove-authorization-response-iss',
    'an authorization response without `iss` is refused before its code is redeemed',
    (u) => {
      u.searchParams.delete('iss');
    },
  ),
  refusedResponse(
    'ensure-authorization-response-with-invalid-state-fails',
    'an authorization response with another `state` is refused',
    (u) => {
      u.searchParams.set('state', `${u.searchParams.get('state') ?? ''}1`);
    },
  ),
  refusedResponse(
    'ensure-authorization-response-with-invalid-missing-state-fails',
    'an authorization response without `state` is refused',
    (u) => {
      u.searchParams.delete('state');
    },
  ),
  {
    name: `${PREFIX}-token-endpoint-response-without-expires_in`,
    checks: 'a token response without `expires_in` is accepted',
    expected: 'signs-in',
    misbehaviour: {
      tokenResponse: (b) => {
        delete b.expires_in;
      },
    },
  },
  {
    name: `${PREFIX}-token-type-case-insensitivity`,
    checks: 'a token response whose `token_type` is `dPoP` is a DPoP token (RFC 6749 §5.1: case-insensitive)',
    expected: 'signs-in',
    misbehaviour: {
      tokenResponse: (b) => {
        b.token_type = 'dPoP';
      },
    },
  },
];
