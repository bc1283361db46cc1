// How the client authenticates, as `createOidcProvider`'s options say it: `clientSecret` and
// `clientAuth` (a method's name, or the value `privateKeyJwt(keys)` makes), checked at creation.
import { invalidOption, requiredString } from '@identity-web/core/provider';
import type { ClientKey, PrivateKeyJwtCode } from './client-auth.js';
import type { ClientAuthMethod, OidcProviderOptions } from './options.js';

/** How the client authenticates, after validation. */
export interface ClientAuthSettings {
  readonly clientSecret: string | undefined;
  readonly clientAuth: ClientAuthMethod | 'private_key_jwt';
  /** `private_key_jwt` keys, the signing one first; empty for the other methods. */
  readonly clientKeys: readonly ClientKey[];
  /** The code `privateKeyJwt(keys)` brings; `undefined` for the other methods. */
  readonly privateKeyJwt: PrivateKeyJwtCode | undefined;
}

const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'none',
];

/** What to write for `private_key_jwt`, where an app wrote it otherwise. */
const PRIVATE_KEY_JWT_FIX =
  "write clientAuth: privateKeyJwt(keys), with import { privateKeyJwt } from '@identity-web/oidc': the value brings the code that signs client assertions, which an app that authenticates otherwise does not bundle";

/**
 * `clientAuth: privateKeyJwt(keys)`'s value, with every part the provider calls; `undefined` for a
 * method named by a string (or left out). Anything else is refused now, not at the first request.
 */
function privateKeyJwtOf(value: unknown): PrivateKeyJwtCode | undefined {
  if (value === undefined || typeof value === 'string') return undefined;
  const code = (value ?? {}) as Partial<PrivateKeyJwtCode>;
  if (
    code.authenticates === 'private_key_jwt' &&
    typeof code.clientAuth === 'function' &&
    typeof code.publicJwks === 'function' &&
    Array.isArray(code.keys) &&
    code.keys.length > 0
  ) {
    return code as PrivateKeyJwtCode;
  }
  throw invalidOption(
    'clientAuth',
    `must be a method's name or what privateKeyJwt(keys) returns: ${PRIVATE_KEY_JWT_FIX}`,
  );
}

/**
 * `clientSecret` and `clientAuth`, checked together: a method's name with the secret it needs, or
 * `privateKeyJwt(keys)`; the string `'private_key_jwt'` refused with the line to write.
 */
export function validateClientAuth(options: OidcProviderOptions): ClientAuthSettings {
  if (
    options.clientAuth === undefined &&
    Object.hasOwn(options, 'clientSecret') &&
    options.clientSecret === undefined
  ) {
    // Most often an unset environment variable: quietly becoming a public client would fail
    // later, at the first code redemption, as "the provider refused the client".
    throw invalidOption(
      'clientSecret',
      'is undefined (an unset environment variable?): give the secret, or leave "clientSecret" out for a public client (clientAuth "none")',
    );
  }
  const secret = options.clientSecret === undefined ? undefined : requiredString(options.clientSecret, 'clientSecret');
  const keyAuth = privateKeyJwtOf(options.clientAuth);
  if (keyAuth !== undefined) {
    return { clientSecret: secret, clientAuth: 'private_key_jwt', clientKeys: keyAuth.keys, privateKeyJwt: keyAuth };
  }
  if ((options.clientAuth as string | undefined) === 'private_key_jwt') {
    throw invalidOption('clientAuth', `takes the keys for "private_key_jwt": ${PRIVATE_KEY_JWT_FIX}`);
  }
  // Not an object here: privateKeyJwtOf took or refused those.
  const clientAuth = (options.clientAuth ??
    (secret === undefined ? 'none' : 'client_secret_basic')) as ClientAuthMethod;
  if (!CLIENT_AUTH_METHODS.includes(clientAuth)) {
    throw invalidOption(
      'clientAuth',
      `must be one of ${CLIENT_AUTH_METHODS.map((m) => `"${m}"`).join(', ')}, or privateKeyJwt(keys) for private_key_jwt (got "${String(clientAuth).slice(0, 40)}")`,
    );
  }
  if (clientAuth !== 'none' && secret === undefined) {
    const unset = Object.hasOwn(options, 'clientSecret') ? ' (it is undefined: an unset environment variable?)' : '';
    throw invalidOption('clientSecret', `is required when "clientAuth" is "${clientAuth}"${unset}`);
  }
  return { clientSecret: secret, clientAuth, clientKeys: [], privateKeyJwt: undefined };
}

/** The option `clientPrivateKeys`, which `clientAuth: privateKeyJwt(keys)` replaced: refused with the line to write. */
export function refuseClientPrivateKeys(options: unknown): void {
  if (typeof options === 'object' && options !== null && Object.hasOwn(options, 'clientPrivateKeys')) {
    throw invalidOption('clientPrivateKeys', `is no option: ${PRIVATE_KEY_JWT_FIX}`);
  }
}
