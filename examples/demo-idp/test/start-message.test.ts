// The text `pnpm demo:idp` prints once its IdPs run, for the clients the command line registered.
import { createOidcProvider } from '@identity-web/oidc';
import { describe, expect, it } from 'vitest';
import { type DemoIdpCli, parseDemoIdpArgs } from '../src/cli.js';
import { planIdps } from '../src/idp-plan.js';
import { resolveOptions } from '../src/options.js';
import { type ShownIdp, startMessage } from '../src/start-message.js';
import { printedApp, printedCode } from './support/printed-app.js';

const generated = () => 'generated-secret-generated-secret-0';

function parse(argv: readonly string[]): DemoIdpCli {
  const result = parseDemoIdpArgs(argv, {}, generated);
  if (result.help) throw new Error('expected options, got --help');
  return result;
}

/** The IdPs the command line plans, as if running on ports 4000, 4001, … */
function shown(cli: DemoIdpCli): ShownIdp[] {
  return planIdps(cli.options).map(({ providerName, options }, i) => ({
    providerName,
    idp: {
      issuer: `http://127.0.0.1:${4000 + i}`,
      clients: resolveOptions(options).clients,
      api: { resource: 'api://identity-web-demo', scopes: ['api:read', 'api:write'] },
    },
  }));
}

describe('startMessage', () => {
  it('prints the issuer, every client as registered, a createOidcProvider snippet and how to sign in', () => {
    const cli = parse([]);
    const text = startMessage(shown(cli), cli);
    expect(text).toContain('Issuer: http://127.0.0.1:4000');
    expect(text).toContain('No client given: registered the default one, for an app at http://localhost:3000.');
    for (const line of [
      'Client my-app',
      '  client secret             my-app-secret-for-the-demo-idp-only   (the documented default)',
      '  authentication            client_secret_basic',
      '  redirect URI              http://localhost:3000/auth/callback',
      '  post-logout redirect URI  http://localhost:3000/auth/signed-out',
      '  front-channel logout URI  http://localhost:3000/auth/front-channel-logout',
      '  back-channel logout URI   http://localhost:3000/auth/back-channel-logout',
    ]) {
      expect(text).toContain(`\n${line}\n`);
    }
    expect(text).toContain(`    const identityProvider = createOidcProvider({
      issuer: 'http://127.0.0.1:4000',
      clientId: 'my-app',
      clientSecret: 'my-app-secret-for-the-demo-idp-only',
      allowInsecureRequests: true, // plain http to this IdP on 127.0.0.1
    });`);
    expect(text).toContain('any user name');
    expect(text).toContain('Ctrl-C');
  });

  it('says where the Shared Signals transmitter is, its /ssf/send page, and the option that receives its events', () => {
    const cli = parse(['--client', 'shop@http://127.0.0.1:4100', '--base-path', '/oidc']);
    const text = startMessage(shown(cli), cli);
    expect(text).toContain('  Shared Signals  transmitter issuer http://127.0.0.1:4000/ssf; its page');
    expect(text).toContain('http://127.0.0.1:4000/ssf/send pushes a CAEP or RISC event about a user to');
    expect(text).toContain('<app-url>/oidc/security-events of every app registered here');
    expect(text).toContain(
      "sharedSignals: { transmitter: sharedSignalsTransmitter({ issuer: 'http://127.0.0.1:4000/ssf', allowInsecureRequests: true }) }",
    );
  });

  it('names clientAuth and basePath when they are not the defaults, and says which secrets were generated', () => {
    const cli = parse([
      '--client',
      "o'hara@http://127.0.0.1:4100",
      '--client-auth',
      'client_secret_post',
      '--base-path',
      '/oidc',
    ]);
    const text = startMessage(shown(cli), cli);
    expect(text).not.toContain('No client given');
    expect(text).toContain(`  client secret             ${generated()}   (generated for this run)`);
    expect(text).toContain("      clientId: 'o\\'hara',\n");
    expect(text).toContain("      clientAuth: 'client_secret_post',\n");
    expect(text).toContain('  redirect URI              http://127.0.0.1:4100/oidc/callback');
    expect(text).toContain("baseUrl: 'http://127.0.0.1:4100', basePath: '/oidc'");
  });

  it('prints a public client without a secret', () => {
    const cli = parse(['--client-auth', 'none']);
    const text = startMessage(shown(cli), cli);
    expect(text).toContain('  client secret             (none: a public client)');
    expect(text).not.toContain('clientSecret:');
    expect(text).toContain("      clientAuth: 'none',\n");
  });

  it('prints one IdP per provider name, every URI registered, and identityProviders to paste', () => {
    const cli = parse(['--client', 'shop@http://localhost:3000', '--provider', 'alpha', '--provider', 'my-beta']);
    const text = startMessage(shown(cli), cli);
    expect(text).toContain('Demo IdPs (oidc-provider) running, one per provider name');
    expect(text).toContain(
      '  alpha       issuer http://127.0.0.1:4000   discovery http://127.0.0.1:4000/.well-known/openid-configuration\n',
    );
    expect(text).toContain('  my-beta     issuer http://127.0.0.1:4001   discovery ');
    for (const line of [
      `  client secret             ${generated()}   (generated for this run)`,
      '  redirect URI              http://localhost:3000/auth/callback/alpha     (provider alpha, http://127.0.0.1:4000)',
      '  redirect URI              http://localhost:3000/auth/callback/my-beta   (provider my-beta, http://127.0.0.1:4001)',
      '  post-logout redirect URI  http://localhost:3000/auth/signed-out',
      '  front-channel logout URI  http://localhost:3000/auth/front-channel-logout',
      '  back-channel logout URI   http://localhost:3000/auth/back-channel-logout',
    ]) {
      expect(text).toContain(`\n${line}\n`);
    }
    expect(text).toContain(
      '\n  Sign in through one: http://localhost:3000/auth/sign-in?provider=<name> (alpha, my-beta);\n',
    );
    expect(printedCode(text, 'shop')).toBe(`
const identityProviders = {
  alpha: createOidcProvider({
    issuer: 'http://127.0.0.1:4000',
    clientId: 'shop',
    clientSecret: '${generated()}',
    allowInsecureRequests: true, // plain http to this IdP on 127.0.0.1
  }),
  'my-beta': createOidcProvider({
    issuer: 'http://127.0.0.1:4001',
    clientId: 'shop',
    clientSecret: '${generated()}',
    allowInsecureRequests: true, // plain http to this IdP on 127.0.0.1
  }),
};
// createIdentityWeb({ identityProviders, baseUrl: 'http://localhost:3000', secret, … })`);
  });

  it('names the one IdP by its provider name when a client gives one', () => {
    const cli = parse(['--client', 'shop', '--provider', 'alpha']);
    const text = startMessage(shown(cli), cli);
    expect(text).toContain('Demo IdP for provider alpha (oidc-provider) running. Issuer: http://127.0.0.1:4000\n');
    expect(printedApp(text, 'shop', (options) => options).identityProviders).toEqual({
      alpha: expect.objectContaining({ issuer: 'http://127.0.0.1:4000', clientId: 'shop' }),
    });
  });

  it('prints each client of several IdPs with its own code', () => {
    const cli = parse(['--client', 'solo@http://127.0.0.1:3001', '--client', 'shop', '--provider', 'alpha']);
    const text = startMessage(shown(cli), cli);
    expect(text).toContain('  (unnamed)   issuer http://127.0.0.1:4000');
    expect(printedApp(text, 'solo', (options) => options)).toEqual({
      identityProvider: expect.objectContaining({ issuer: 'http://127.0.0.1:4000', clientId: 'solo' }),
      baseUrl: 'http://127.0.0.1:3001',
    });
    expect(printedApp(text, 'shop', (options) => options).identityProviders).toEqual({
      alpha: expect.objectContaining({ issuer: 'http://127.0.0.1:4001', clientId: 'shop' }),
    });
  });

  it('prints FAPI 2.0 mode, the private JWK of each registration and the fapi2 options to paste', async () => {
    const cli = parse(['--fapi', '--client', 'shop', '--provider', 'alpha', '--provider', 'beta']);
    const idps = shown(cli);
    const text = startMessage(idps, cli);
    const keys = idps.map(({ idp }) => idp.clients[0]?.privateKey);
    expect(text).toContain('  FAPI 2.0    pushed authorization requests required, DPoP-bound tokens');
    expect(text).toContain(
      '  client secret             (none: FAPI 2.0, private_key_jwt with the private key below)\n',
    );
    expect(text).toContain('  authentication            private_key_jwt\n');
    expect(text).toContain(`  private key at alpha      ${JSON.stringify(keys[0])}\n`);
    expect(text).toContain(`  private key at beta       ${JSON.stringify(keys[1])}\n`);
    expect(printedCode(text, 'shop')).toContain(`
  alpha: createOidcProvider({
    issuer: 'http://127.0.0.1:4000',
    clientId: 'shop',
    profile: 'fapi2', // FAPI 2.0: pushed authorization requests, DPoP-bound tokens
    dpop: dpopBinding(),
    clientAuth: privateKeyJwt([${JSON.stringify(keys[0])}]),
    allowInsecureRequests: true, // plain http to this IdP on 127.0.0.1
  }),`);
    // The printed code, run: each provider's public JWKS is its key's public half (kid and all).
    const providers = printedApp(text, 'shop', createOidcProvider).identityProviders ?? {};
    for (const [name, key] of [
      ['alpha', keys[0]],
      ['beta', keys[1]],
    ] as const) {
      const [published] = (await providers[name]!.clientJwks()).keys;
      expect(published).toMatchObject({ kid: key?.kid, x: key?.x, y: key?.y });
      expect(published).not.toHaveProperty('d');
    }
  });

  it('prints the private JWK of the default client in FAPI 2.0 mode', () => {
    const cli = parse(['--fapi']);
    const idps = shown(cli);
    const text = startMessage(idps, cli);
    expect(text).toContain(`  private key (JWK)         ${JSON.stringify(idps[0]?.idp.clients[0]?.privateKey)}\n`);
    expect(text).not.toContain('clientSecret');
  });
});
