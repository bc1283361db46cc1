// `IDENTITY_WEB_CLIENT_PRIVATE_KEY` (and the Koa app's partner key): one private JWK as JSON, its shape checked.

/** A private JWK as `IDENTITY_WEB_CLIENT_PRIVATE_KEY` gives it. */
export type ClientPrivateJwk = Readonly<Record<string, unknown>> & { readonly kid: string };

/**
 * `IDENTITY_WEB_CLIENT_PRIVATE_KEY`: one private JWK, as JSON, with a `kid`. Only its shape is
 * checked here (the library checks the key itself); no message repeats any of it.
 */
export function privateJwk(text: string, problems: [string, string][], variable = 'IDENTITY_WEB_CLIENT_PRIVATE_KEY') {
  const refuse = (why: string) => {
    problems.push([variable, `must be one private JWK as JSON, with "kid": ${why}`]);
    return undefined;
  };
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    return refuse('it is not JSON');
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return refuse('it is not a JSON object');
  const key = jwk as Record<string, unknown>;
  if (Array.isArray(key.keys)) return refuse('it is a JWK Set; give the one key');
  if (typeof key.kty !== 'string') return refuse('it has no "kty"');
  if (!['RSA', 'EC', 'OKP'].includes(key.kty)) {
    return refuse('its "kty" must be "RSA", "EC" or "OKP": a symmetric ("oct") key cannot sign a client assertion');
  }
  if (typeof key.d !== 'string') return refuse('it is a public key (no "d"); give the private key');
  if (typeof key.kid !== 'string' || key.kid === '')
    return refuse('it has no "kid", the key id registered at the provider');
  return key as ClientPrivateJwk;
}
