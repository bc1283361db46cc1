// The Koa app's optional second OpenID provider, `partner` (see README.md): three variables, read
// and checked like those of env.ts. They live here because env.ts is the Hono app's too (a test
// keeps the two copies equal), and the Hono app has one provider.
import { ErrorCode, isIdentityWebError } from '@identity-web/core';
import { createOidcProvider } from '@identity-web/oidc';
import { type Env, EnvError } from './env.js';

const ISSUER = 'IDENTITY_WEB_PARTNER_ISSUER';
const CLIENT_ID = 'IDENTITY_WEB_PARTNER_CLIENT_ID';
const CLIENT_SECRET = 'IDENTITY_WEB_PARTNER_CLIENT_SECRET';

/** The second provider's registration of the app. */
export interface PartnerSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The partner provider's settings, or `undefined` when `IDENTITY_WEB_PARTNER_ISSUER` is unset (one
 * provider). Throws one `EnvError` listing every problem: with the issuer, the client id and
 * secret are required; without it, neither may be set.
 */
export function readPartnerEnv(env: Env): PartnerSettings | undefined {
  const get = (name: string) => env[name]?.trim() || undefined;
  const [issuer, clientId, clientSecret] = [get(ISSUER), get(CLIENT_ID), get(CLIENT_SECRET)];
  const problems: [string, string][] = [];
  if (issuer === undefined) {
    for (const name of [CLIENT_ID, CLIENT_SECRET]) {
      if (get(name) !== undefined) problems.push([name, `applies with ${ISSUER} only: set the partner's issuer too`]);
    }
  } else {
    if (issuer === get('IDENTITY_WEB_ISSUER')) {
      problems.push([ISSUER, 'must differ from IDENTITY_WEB_ISSUER: logouts are told apart by issuer']);
    }
    if (clientId === undefined)
      problems.push([CLIENT_ID, `is required with ${ISSUER}: the client id registered there`]);
    if (clientSecret === undefined) problems.push([CLIENT_SECRET, `is required with ${ISSUER}: its client secret`]);
  }
  if (problems.length > 0) throw new EnvError(problems);
  return issuer === undefined ? undefined : { issuer, clientId: clientId ?? '', clientSecret: clientSecret ?? '' };
}

// Which variable feeds which option of the partner's provider, to name it when the library refuses it.
const VARIABLE_OF_OPTION = new Map([
  ['issuer', ISSUER],
  ['allowInsecureRequests', ISSUER],
  ['clientId', CLIENT_ID],
  ['clientSecret', CLIENT_SECRET],
]);

/** `createOidcProvider` for the partner; a refused option becomes an `EnvError` naming its variable. */
export function createPartnerProvider(partner: PartnerSettings): ReturnType<typeof createOidcProvider> {
  try {
    return createOidcProvider({
      ...partner,
      // Plain http for a localhost issuer only (the demo IdP); the library refuses any other.
      allowInsecureRequests: partner.issuer.startsWith('http:'),
    });
  } catch (error) {
    const option = isIdentityWebError(error) && error.code === ErrorCode.InvalidOption ? error.option : undefined;
    const variable = VARIABLE_OF_OPTION.get(option ?? '');
    throw variable === undefined ? error : new EnvError([[variable, `was refused: ${(error as Error).message}`]]);
  }
}
