// The core's opt-in parts stay off createIdentityWeb's import graph: it reaches no module of the
// Shared Signals receiver, of the session list or of callApi's calls, not even one a bundler would shake out later,
// and the app entry reaches none of the receiver's. A static import from that path to one of them
// fails here (and in `pnpm lint`), whatever the Worker example configures. Likewise a web app's
// createOidcProvider reaches none of an API's provider methods (createOidcApiProvider's).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleWorker } from '../../../packages/store-cloudflare/test/workerd/bundle.js';
import { modulesOf, type OptInPart } from './opt-in-parts.js';

/** Every module a bundle of `contents` (an entry beside the Worker's source) reads, shaken out or not. */
async function reached(contents: string): Promise<string[]> {
  const entry = fileURLToPath(new URL('../src/entry.ts', import.meta.url));
  const { metafile } = await bundleWorker(entry, { contents });
  return Object.keys(metafile.inputs);
}

describe("the core's opt-in parts", () => {
  it('are reached by no import from createIdentityWeb', async () => {
    const core = fileURLToPath(new URL('../../../packages/core/src/create-identity-web.ts', import.meta.url));
    const wiring = await reached(`export { createIdentityWeb } from ${JSON.stringify(core)};`);
    expect(wiring.some((path) => path.endsWith('core/src/identity-web.ts'))).toBe(true);
    for (const part of ['Shared Signals', 'the session list', "callApi's calls"] as OptInPart[]) {
      expect(modulesOf(part, wiring), part).toEqual([]);
    }
  });

  it("an API's provider methods, DPoP's code and private_key_jwt's are reached by no import from createOidcProvider", async () => {
    const oidc = fileURLToPath(new URL('../../../packages/idp-oidc/src/create-oidc-provider.ts', import.meta.url));
    const web = await reached(`export { createOidcProvider } from ${JSON.stringify(oidc)};`);
    expect(web.some((path) => path.endsWith('idp-oidc/src/sign-in/redeem-code.ts'))).toBe(true);
    expect(modulesOf("an API's provider methods", web)).toEqual([]);
    expect(modulesOf('DPoP', web)).toEqual([]);
    expect(modulesOf('private_key_jwt', web)).toEqual([]);
  });

  it('leave the Shared Signals receiver out of the app entry, @identity-web/core, altogether', async () => {
    // The session list's one value is exported there (sessionList): an app that does not import it bundles none of it.
    const app = await reached("export { createIdentityWeb } from '@identity-web/core';");
    expect(app.some((path) => path.endsWith('core/src/index.ts'))).toBe(true);
    expect(modulesOf('Shared Signals', app)).toEqual([]);
  });

  it.each([
    ['Shared Signals', "export { securityEventReceiver } from '@identity-web/core/shared-signals';", 13],
    ['the session list', "export { sessionList } from '@identity-web/core';", 5],
    ["callApi's calls", "export { downstreamApi } from '@identity-web/core';", 5],
    ["an API's provider methods", "export { createOidcApiProvider } from '@identity-web/oidc';", 4],
    ['DPoP', "export { dpopBinding } from '@identity-web/oidc';", 2],
    ['private_key_jwt', "export { privateKeyJwt } from '@identity-web/oidc';", 1],
  ] as const)('%s comes in with the one value an app imports for it', async (part, contents, modules) => {
    // Every module the lists name exists and is reached from its part's value: the lists are not stale.
    expect(modulesOf(part, await reached(contents))).toHaveLength(modules);
  });
});
