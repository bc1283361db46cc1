// The modules of the OpenID Foundation's relying-party test plans, each re-enacted from its
// intent: what the test provider does wrong, and what the app must do about it. Names are the
// conformance suite's own (`testName`), so a failure here names the module that would fail there.
import type { DemoInterop } from '@identity-web-examples/demo-idp';
import { corruptSignature, hmacJws, moduleKey, signJws, unsignedJws, withKid } from './signing.js';
import type { Misbehaviour, TestProvider } from './test-provider.js';

/**
 * What the app must do: finish the sign-in; refuse the callback (400); fail it as the provider's
 * fault (502/503: the provider answered garbage); or stop before the provider's authorization endpoint.
 */
export type Expected = 'signs-in' | 'refuses' | 'provider-fault' | 'stops-before-authorization';

export interface RpModule {
  /** The conformance suite's `testName`. */
  readonly name: string;
  /** What it checks, in a line (docs/conformance.md lists the same). */
  readonly checks: string;
  readonly expected: Expected;
  readonly misbehaviour: Misbehaviour;
  /** The app's registration for this module (`IDENTITY_WEB_*` variables). */
  readonly env?: Readonly<Record<string, string>>;
  /** The provider's ways for this module. */
  readonly interop?: DemoInterop;
  /** Sign-ins the module plays (key rotation: two). Default 1. */
  readonly signIns?: number;
  /** After the sign-ins: what the module requires to have happened at the provider. */
  readonly after?: (op: TestProvider) => void;
}

const claims =
  (change: (c: Record<string, unknown>) => void): Misbehaviour['idToken'] =>
  (c, op) => {
    change(c);
    return signJws(c, op.signer);
  };

const keylessRsa = () => Array.from({ length: 3 }, () => withKid(moduleKey('RS256'), undefined));
const keylessEc = () => Array.from({ length: 3 }, () => withKid(moduleKey('ES256'), undefined));

/** The ID-token modules shared by the Basic and Form Post plans. */
export const BASIC_RP: readonly RpModule[] = [
  { name: 'oidcc-client-test', checks: 'the code flow signs the user in', expected: 'signs-in', misbehaviour: {} },
  {
    name: 'oidcc-client-test-invalid-iss',
    checks: 'an ID token whose `iss` is not the issuer is refused',
    expected: 'refuses',
    misbehaviour: {
      idToken: claims((c) => {
        c.iss = `${String(c.iss)}1`;
      }),
    },
  },
  {
    name: 'oidcc-client-test-missing-sub',
    checks: 'an ID token without `sub` is refused',
    expected: 'refuses',
    misbehaviour: {
      idToken: claims((c) => {
        delete c.sub;
      }),
    },
  },
  {
    name: 'oidcc-client-test-invalid-aud',
    checks: 'an ID token whose `aud` is not the client is refused',
    expected: 'refuses',
    misbehaviour: {
      idToken: claims((c) => {
        c.aud = `${String(c.aud)}1`;
      }),
    },
  },
  {
    name: 'oidcc-client-test-missing-iat',
    checks: 'an ID token without `iat` is refused',
    expected: 'refuses',
    misbehaviour: {
      idToken: claims((c) => {
        delete c.iat;
      }),
    },
  },
  {
    name: 'oidcc-client-test-kid-absent-single-jwks',
    checks: 'no `kid`, one key of the type in the JWKS: that key verifies the ID token',
    expected: 'signs-in',
    misbehaviour: {
      beforeToken: (op) => {
        op.signer = withKid(op.signer, undefined);
      },
      jwks: (op) => ({ keys: [op.signer.jwk, withKid(moduleKey('ES256'), undefined).jwk] }),
    },
  },
  {
    name: 'oidcc-client-test-kid-absent-multiple-jwks',
    checks: 'no `kid`, several keys of the type: each is tried (the module accepts trying or refusing)',
    expected: 'signs-in',
    misbehaviour: {
      beforeToken: (op) => {
        op.signer = withKid(op.signer, undefined);
      },
      jwks: (op) => {
        const [a, b] = keylessRsa();
        return { keys: [a?.jwk, op.signer.jwk, b?.jwk, ...keylessEc().map((k) => k.jwk)] };
      },
    },
  },
  {
    name: 'oidcc-client-test-idtoken-sig-rs256',
    checks: 'an RS256 ID token from a provider advertising RS256 only is verified and accepted',
    expected: 'signs-in',
    misbehaviour: {
      discovery: (d) => {
        d.id_token_signing_alg_values_supported = ['RS256'];
      },
    },
  },
  {
    name: 'oidcc-client-test-idtoken-sig-none',
    checks: 'an unsigned ID token from the token endpoint is accepted when the client registered `none`',
    expected: 'signs-in',
    env: { IDENTITY_WEB_ID_TOKEN_ALGORITHMS: 'none' },
    misbehaviour: {
      discovery: (d) => {
        d.id_token_signing_alg_values_supported = ['none', 'RS256'];
      },
      idToken: (c) => unsignedJws(c),
    },
  },
  {
    name: 'oidcc-client-test-invalid-sig-rs256',
    checks: 'an RS256 ID token with a corrupted signature is refused',
    expected: 'refuses',
    misbehaviour: {
      discovery: (d) => {
        d.id_token_signing_alg_values_supported = ['RS256'];
      },
      idToken: (c, op) => corruptSignature(signJws(c, op.signer)),
    },
  },
  {
    name: 'oidcc-client-test-userinfo-invalid-sub',
    checks: 'a UserInfo response for another `sub` refuses the sign-in',
    expected: 'refuses',
    interop: { profileClaimsInUserInfoOnly: true },
    misbehaviour: {
      userinfo: (u) => {
        u.sub = `${String(u.sub)}invalid`;
      },
    },
  },
  {
    name: 'oidcc-client-test-nonce-invalid',
    checks: 'an ID token with another `nonce` is refused',
    expected: 'refuses',
    misbehaviour: {
      idToken: claims((c) => {
        c.nonce = `${String(c.nonce)}1`;
      }),
    },
  },
  {
    name: 'oidcc-client-test-scope-userinfo-claims',
    checks: 'the profile scope is asked for and its claims read from UserInfo',
    expected: 'signs-in',
    interop: { profileClaimsInUserInfoOnly: true },
    misbehaviour: {},
    after: (op) => {
      if (op.count('/me') !== 1) throw new Error(`UserInfo was requested ${op.count('/me')} times, not once`);
    },
  },
  {
    name: 'oidcc-client-test-client-secret-basic',
    checks: 'the client authenticates at the token endpoint with `client_secret_basic`',
    expected: 'signs-in',
    interop: { rawBasicCredentials: true },
    misbehaviour: {
      answer: (ctx) => {
        if (ctx.path === '/token' && !/^Basic /.test(ctx.request.get('authorization'))) {
          ctx.status = 401;
          ctx.body = { error: 'invalid_client', error_description: 'client_secret_basic only' };
          return true;
        }
        return false;
      },
    },
  },
];

/** Beyond the plans' lists: modules of the suite, and cases of the same rules, that every certified RP must also pass. */
export const SIGNATURE_RP: readonly RpModule[] = [
  {
    name: 'oidcc-client-test-invalid-sig-es256',
    checks: 'an ES256 ID token with a corrupted signature is refused',
    expected: 'refuses',
    misbehaviour: {
      discovery: (d) => {
        d.id_token_signing_alg_values_supported = ['ES256'];
      },
      idToken: (c, op) => {
        op.signer = moduleKey('ES256', 'module-es256');
        op.keys = [op.signer];
        return corruptSignature(signJws(c, op.signer));
      },
    },
  },
  {
    name: 'oidcc-client-test-invalid-sig-hs256',
    checks: 'an HS256 ID token is refused by a client that did not register HS256',
    expected: 'refuses',
    misbehaviour: { idToken: (c) => hmacJws(c, 'conformance-client-secret-of-this-module') },
  },
  {
    name: 'unpublished-key-under-the-providers-kid',
    checks: "an ID token signed by a key the provider never published, under the provider's `kid`, is refused",
    expected: 'refuses',
    misbehaviour: { idToken: (c, op) => signJws(c, { ...moduleKey('RS256'), kid: op.signer.kid }) },
  },
  {
    name: 'unpublished-key-without-kid-single-jwks',
    checks: 'no `kid`, one key in the JWKS, signed by another key: refused',
    expected: 'refuses',
    misbehaviour: {
      jwks: (op) => ({ keys: [withKid(op.signer, undefined).jwk] }),
      idToken: (c) => signJws(c, withKid(moduleKey('RS256'), undefined)),
    },
  },
  {
    name: 'unpublished-key-without-kid-multiple-jwks',
    checks: 'no `kid`, several keys in the JWKS, signed by none of them: refused',
    expected: 'refuses',
    misbehaviour: {
      jwks: () => ({ keys: keylessRsa().map((k) => k.jwk) }),
      idToken: (c) => signJws(c, withKid(moduleKey('RS256'), undefined)),
    },
  },
  {
    name: 'none-advertised-not-registered',
    checks: 'an unsigned ID token is refused by default, even from a provider that advertises `none`',
    expected: 'refuses',
    misbehaviour: {
      discovery: (d) => {
        d.id_token_signing_alg_values_supported = ['RS256', 'none'];
      },
      idToken: (c) => unsignedJws(c),
    },
  },
  ...(
    [
      ['jwks-404', 'a JWKS answering 404 fails the sign-in', { status: 404, body: 'not found' }],
      [
        'jwks-html',
        'a JWKS answering an HTML page fails the sign-in',
        { status: 200, body: '<html><body>sign in</body></html>' },
      ],
      [
        'jwks-keys-not-an-array',
        'a JWKS whose `keys` is not an array fails the sign-in',
        { status: 200, body: { keys: { kty: 'RSA' } } },
      ],
    ] as const
  ).map(
    ([name, checks, answer]): RpModule => ({
      name,
      checks,
      expected: 'provider-fault',
      misbehaviour: {
        answer: (ctx) => {
          if (ctx.path !== '/jwks') return false;
          ctx.status = answer.status;
          ctx.body = answer.body;
          return true;
        },
      },
    }),
  ),
];

/** The Config RP plan. */
export const CONFIG_RP: readonly RpModule[] = [
  {
    name: 'oidcc-client-test-discovery-openid-config',
    checks: "the provider's configuration is read from its discovery document",
    expected: 'signs-in',
    misbehaviour: {},
    after: (op) => {
      if (op.calls[0] !== '/.well-known/openid-configuration') throw new Error(`first request: ${op.calls[0]}`);
    },
  },
  (() => {
    const moved = `/jwks${'abcdefghij'
      .split('')
      .sort(() => Math.random() - 0.5)
      .join('')}`;
    return {
      name: 'oidcc-client-test-discovery-jwks-uri-keys',
      checks: 'the keys are fetched from the `jwks_uri` the discovery document names, before UserInfo',
      expected: 'signs-in',
      misbehaviour: {
        discovery: (d, op) => {
          d.jwks_uri = `${op.issuer}${moved}`;
        },
        answer: (ctx, op) => {
          if (ctx.path === '/jwks') throw new Error('the app fetched the default jwks path, not the advertised one');
          if (ctx.path !== moved) return false;
          ctx.status = 200;
          ctx.body = { keys: op.keys.map((k) => k.jwk) };
          return true;
        },
      },
      after: (op) => {
        if (op.count(moved) !== 1) throw new Error(`the advertised jwks_uri was fetched ${op.count(moved)} times`);
      },
    } satisfies RpModule;
  })(),
  {
    name: 'oidcc-client-test-discovery-issuer-mismatch',
    checks: 'a discovery document naming another issuer stops the sign-in before the authorization endpoint',
    expected: 'stops-before-authorization',
    misbehaviour: {
      discovery: (d) => {
        d.issuer = `${String(d.issuer)}INVALID`;
      },
    },
  },
  BASIC_RP.find((m) => m.name === 'oidcc-client-test-idtoken-sig-none')!,
  {
    name: 'oidcc-client-test-signing-key-rotation-just-before-signing',
    checks: 'keys replaced before every ID token: the unknown `kid` makes the client fetch the JWKS again',
    expected: 'signs-in',
    signIns: 2,
    misbehaviour: { beforeToken: (op) => op.rotate('RS256') },
    after: (op) => {
      if (op.count('/jwks') !== 2) throw new Error(`the JWKS was fetched ${op.count('/jwks')} times, not twice`);
    },
  },
  {
    name: 'oidcc-client-test-signing-key-rotation',
    checks: 'keys rotated at the second sign-in: the JWKS is fetched again and the new key verifies',
    expected: 'signs-in',
    signIns: 2,
    misbehaviour: { beforeAuthorization: (op, n) => n === 2 && op.rotate('RS256') },
    after: (op) => {
      if (op.count('/jwks') !== 2) throw new Error(`the JWKS was fetched ${op.count('/jwks')} times, not twice`);
    },
  },
];
