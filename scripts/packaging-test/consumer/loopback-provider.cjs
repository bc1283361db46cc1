// A loopback OpenID provider for the consumer checks: its discovery document, and its key set
// (`keys`, public JWKs) for the API checks. Enough for a sign-in redirect and a token's signature.
const http = require('node:http');

/** Starts the provider on 127.0.0.1 (a free port); `issuer` names it, `close()` stops it. */
async function startProvider(keys = []) {
  const server = http.createServer((req, res) => {
    const issuer = `http://127.0.0.1:${server.address().port}`;
    const documents = {
      '/.well-known/openid-configuration': {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      },
      '/jwks': { keys },
    };
    const document = documents[req.url];
    if (document === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { issuer: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

module.exports = { startProvider };
