/** The parameters of a plain authorization request of the Koa app's client (PKCE S256). */
export const KOA_AUTHORIZATION = {
  client_id: 'koa-web-app',
  response_type: 'code',
  scope: 'openid',
  redirect_uri: 'http://localhost:4002/auth/callback',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
} as const;
