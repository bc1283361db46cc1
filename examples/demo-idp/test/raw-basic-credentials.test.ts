import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIdp, startDemoIdp } from '../src/index.js';

const SECRET = 'a-client-secret-of-at-least-32-characters';
const CLIENT = 'koa-web-app';

// `interop.rawBasicCredentials`: the demo IdP compares Basic client credentials without decoding
// them, as some providers in the field do (RFC 6749 §2.3.1 says to form-decode). The example apps'
// test against it (examples/e2e providers-in-the-field) only shows anything if it is this strict.
describe('a demo IdP that does not decode Basic credentials', () => {
  let idp: DemoIdp;
  beforeAll(async () => {
    idp = await startDemoIdp({
      clients: [{ clientId: CLIENT, clientSecret: SECRET, baseUrl: 'http://localhost:4002' }],
      interop: { rawBasicCredentials: true },
    });
  });
  afterAll(async () => {
    await idp?.close();
  });

  const token = (id: string) =>
    fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${id}:${SECRET}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });

  it('refuses form-encoded credentials of a hyphenated client id', async () => {
    // How a serializer that also encodes '-' sends the id: this provider does not know that client.
    const encoded = await token(CLIENT.replaceAll('-', '%2D'));
    expect(encoded.status).toBe(401);
    expect(await encoded.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('takes the raw id past client authentication', async () => {
    // ... and then refuses the grant the client is not registered for.
    const raw = await token(CLIENT);
    expect(await raw.json()).not.toMatchObject({ error: 'invalid_client' });
  });
});
