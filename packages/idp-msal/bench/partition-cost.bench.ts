// What the per-call msal client costs on a cache hit, against one shared client.
// Run from the repository root: npx vitest bench --run packages/idp-msal/bench
import { generateKeyPairSync } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { FAKE_ENTRA, FakeEntra, makeUser } from '@identity-web/msal/testing';
import { setupServer } from 'msw/node';
import { bench, describe } from 'vitest';
import { createMsalProvider, type MsalProviderOptions } from '../src/index.js';
import { signIn, silent } from '../test/support/harness-core.js';

const entra = new FakeEntra();
const server = setupServer(...entra.handlers());
server.listen({ onUnhandledRequest: 'error' });

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
const base: MsalProviderOptions = {
  tenant: FAKE_ENTRA.tenantId,
  clientId: FAKE_ENTRA.clientId,
  clientSecret: FAKE_ENTRA.clientSecret,
};
const secretIdp = createMsalProvider(base);
const certIdp = createMsalProvider({
  ...base,
  clientSecret: undefined,
  clientCertificate: { privateKey: pem.toString(), thumbprintSha256: 'a'.repeat(64) },
});
const { account, partition } = await signIn(secretIdp, entra, makeUser(1));
const request = silent();
const options = { time: 3000, warmupTime: 500 };
const msalConfig = {
  auth: {
    clientId: FAKE_ENTRA.clientId,
    clientSecret: FAKE_ENTRA.clientSecret,
    authority: `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}`,
  },
};

const shared = new ConfidentialClientApplication(msalConfig);
shared.getTokenCache().deserialize(partition);
const sharedAccount = await shared.getTokenCache().getAccountByHomeId(account.key);
if (sharedAccount === null) throw new Error('no account in the partition');

describe('acquireTokenSilent, cache hit, one account', () => {
  bench(
    'provider, client secret (client per call + deserialize + serialize)',
    async () => {
      await secretIdp.acquireTokenSilent(partition, account, request);
    },
    options,
  );
  bench(
    'provider, certificate (cached assertion)',
    async () => {
      await certIdp.acquireTokenSilent(partition, account, request);
    },
    options,
  );
  bench(
    'msal baseline: one shared client, acquireTokenSilent only',
    async () => {
      await shared.acquireTokenSilent({ account: sharedAccount, scopes: [FAKE_ENTRA.graphRead] });
    },
    options,
  );
  bench(
    'new ConfidentialClientApplication only',
    () => {
      new ConfidentialClientApplication(msalConfig);
    },
    options,
  );
});
