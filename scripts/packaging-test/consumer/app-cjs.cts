// Type-checked as CommonJS (`module: nodenext`, tsconfig.cjs.json): the imports below compile to
// require() of the ES module packages, which TypeScript >= 5.8 allows for Node's require(esm).
import { createIdentityWeb, isIdentityWebError } from '@identity-web/core';
import { identityWeb } from '@identity-web/koa';
import { createOidcProvider } from '@identity-web/oidc';

import Koa = require('koa');

const identity = createIdentityWeb({
  identityProvider: createOidcProvider({ issuer: 'https://login.example.com', clientId: 'app', clientSecret: 's' }),
  baseUrl: 'https://app.example.com',
  secret: 'a secret of at least thirty-two characters',
});
const app = new Koa();
app.use(identityWeb(identity));
app.on('error', (error: unknown) => isIdentityWebError(error) && console.error(error.code));
export = app;
