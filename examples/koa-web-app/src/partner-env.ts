// The Koa app's optional second OpenID provider, `partner` (see README.md): its variables, read
// and checked like those of env.ts. They live here because env.ts is the Hono app's too (a test
// keeps the two copies equal), and the Hono app has one provider.
import { ErrorCode, isIdentityWebError } from '@identity-web/core';
import { createOidcProvider, dpopBinding, privateKeyJwt } from '@identity-web/oidc';
import { type ClientPrivateJwk, type Env, EnvError, privateJwk } from '@identity-web-examples/web-app-kit';

const ISSUER = 'IDENTITY_WEB_PARTNER_ISSUER';
const CLIENT_ID = 'IDENTITY_WEB_PARTNER_CLIENT_ID';
const CLIENT_SECRET = 'IDENTITY_WEB_PARTNER_CLIENT_SECRET';
const CLIENT_PRIVATE_KEY = 'IDENTITY_WEB_PARTNER_CLIENT_PRIVATE_KEY';
const PROFILE = 'IDENTITY_WEB_PARTNER_PROFILE';

/** The second provider's registration of the app. */
export interface PartnerSettings {
  readonly issuer: string;
  readonly clientId: string;
  /** Set unless the app authenticates with a private key there. */
  readonly clientSecret?: string;
  /** private_key_jwt at the partner. */
  readonly clientPrivateKey?: ClientPrivateJwk;
  /** The FAPI 2.0 Security Profile at the partner. */
  readonly profile?: 'fapi2';
}

/**
 * The partner provider's settings, or `undefined` when `IDENTITY_WEB_PARTNER_ISSUER` is unset (one
 * provider). Throws one `EnvError` listing every problem: with the issuer, the client id and
 * secret (or private key) are required; without it, none of the others may be set.
 */
export function readPartnerEnv(env: Env): PartnerSettings | undefined {
  const get = (name: string) => env[name]?.trim() || undefined;
  const [issuer, clientId, clientSecret] = [get(ISSUER), get(CLIENT_ID), get(CLIENT_SECRET)];
  const [keyText, profile] = [get(CLIENT_PRIVATE_KEY), get(PROFILE)];
  const problems: [string, string][] = [];
  let clientPrivateKey: ClientPrivateJwk | undefined;
  if (issuer === undefined) {
    for (const name of [CLIENT_ID, CLIENT_SECRET, CLIENT_PRIVATE_KEY, PROFILE]) {
      if (get(name) !== undefined) problems.push([name, `applies with ${ISSUER} only: set the partner's issuer too`]);
    }
  } else {
    if (issuer === get('IDENTITY_WEB_ISSUER')) {
      problems.push([ISSUER, 'must differ from IDENTITY_WEB_ISSUER: logouts are told apart by issuer']);
    }
    if (clientId === undefined)
      problems.push([CLIENT_ID, `is required with ${ISSUER}: the client id registered there`]);
    if (profile !== undefined && profile !== 'fapi2') {
      problems.push([PROFILE, `must be fapi2, the FAPI 2.0 Security Profile (got "${profile}")`]);
    }
    if (keyText !== undefined) clientPrivateKey = privateJwk(keyText, problems, CLIENT_PRIVATE_KEY);
    else if (profile === 'fapi2') {
      problems.push([
        CLIENT_PRIVATE_KEY,
        `is required with ${PROFILE}=fapi2: FAPI 2.0 clients authenticate with a private key`,
      ]);
    } else if (clientSecret === undefined) {
      problems.push([CLIENT_SECRET, `is required with ${ISSUER}: its client secret (or ${CLIENT_PRIVATE_KEY})`]);
    }
  }
  if (problems.length > 0) throw new EnvError(problems);
  if (issuer === undefined) return undefined;
  return {
    issuer,
    clientId: clientId ?? '',
    ...(clientSecret !== undefined && { clientSecret }),
    ...(clientPrivateKey !== undefined && { clientPrivateKey }),
    ...(profile === 'fapi2' && { profile }),
  };
}

// Which variable feeds which option of the partner's provider, to name it when the library refuses it.
const VARIABLE_OF_OPTION = new Map([
  ['issuer', ISSUER],
  ['allowInsecureRequests', ISSUER],
  ['clientId', CLIENT_ID],
  ['clientSecret', CLIENT_SECRET],
  ['clientAuth', CLIENT_PRIVATE_KEY],
  ['privateKeyJwt', CLIENT_PRIVATE_KEY],
  ['profile', PROFILE],
  ['dpop', PROFILE],
]);

/** `createOidcProvider` for the partner; a refused option becomes an `EnvError` naming its variable. */
export function createPartnerProvider(partner: PartnerSettings): ReturnType<typeof createOidcProvider> {
  const { clientPrivateKey, ...settings } = partner;
  try {
    return createOidcProvider({
      ...settings,
      ...(clientPrivateKey !== undefined && { clientAuth: privateKeyJwt([clientPrivateKey]) }),
      // FAPI 2.0's sender-constrained tokens: DPoP, its code brought by the value.
      ...(settings.profile === 'fapi2' && { dpop: dpopBinding() }),
      // Plain http for a localhost issuer only (the demo IdP); the library refuses any other.
      allowInsecureRequests: partner.issuer.startsWith('http:'),
    });
  } catch (error) {
    const option = isIdentityWebError(error) && error.code === ErrorCode.InvalidOption ? error.option : undefined;
    // `privateKeyJwt[0].alg` is about the one key: its variable.
    const variable = VARIABLE_OF_OPTION.get(/^[\w.]*/.exec(option ?? '')?.[0] ?? '');
    throw variable === undefined ? error : new EnvError([[variable, `was refused: ${(error as Error).message}`]]);
  }
}
