// `pnpm demo:idp --middle-tier <id>[:<secret>]@<api-url>`: the flag read and refused as the others
// are, the middle tier registered at the IdP it starts (its client authenticates at the token
// endpoint for a token exchange), and the start message telling how to run the chain.
import { describe, expect, it } from 'vitest';
import { DemoIdpArgsError, type DemoIdpCli, parseDemoIdpArgs, USAGE } from '../src/cli.js';
import { planIdps } from '../src/idp-plan.js';
import { TOKEN_EXCHANGE } from '../src/middle-tier.js';
import { startPlannedIdps } from '../src/start-idps.js';
import { startMessage } from '../src/start-message.js';

const SECRET = 'a-middle-tier-secret-of-32-characters-at-least';
const generated = () => 'generated-secret-generated-secret-0';

function parse(argv: readonly string[], env: Record<string, string | undefined> = {}): DemoIdpCli {
  const result = parseDemoIdpArgs(argv, env, generated);
  if (result.help) throw new Error('expected options, got --help');
  return result;
}

function problems(argv: readonly string[], env: Record<string, string | undefined> = {}): readonly string[] {
  try {
    parseDemoIdpArgs(argv, env, generated);
  } catch (error) {
    if (error instanceof DemoIdpArgsError) return error.problems;
    throw error;
  }
  throw new Error('expected a DemoIdpArgsError');
}

describe('--middle-tier', () => {
  it('registers the middle tier with its secret, or one generated and said so', () => {
    const given = parse(['--middle-tier', `mid:${SECRET}@http://127.0.0.1:4009`]);
    expect(given.options.middleTier).toEqual({
      clientId: 'mid',
      clientSecret: SECRET,
      baseUrl: 'http://127.0.0.1:4009',
    });
    expect(given.generatedSecrets).toEqual([]);
    const made = parse([], { DEMO_IDP_MIDDLE_TIER: 'mid@http://localhost:4009/' });
    expect(made.options.middleTier).toEqual({
      clientId: 'mid',
      clientSecret: generated(),
      baseUrl: 'http://localhost:4009',
    });
    expect(made.generatedSecrets).toContain('mid');
    expect(planIdps(made.options)[0]?.options.middleTier).toEqual(made.options.middleTier);
    expect(USAGE).toContain('--middle-tier <id>[:<secret>]@<api-url>');
  });

  it.each([
    [['--middle-tier', 'mid'], 'the middle tier\'s URL must follow "@"'],
    [['--middle-tier', 'mid@https://api.example.com'], 'an http origin on localhost or 127.0.0.1'],
    [['--middle-tier', 'mid@http://127.0.0.1:4009/chain'], 'without a path'],
    [['--middle-tier', 'mid:short@http://127.0.0.1:4009'], 'must have at least 32 letters'],
    [['--middle-tier', 'http://127.0.0.1:4009'], "the middle tier's client id comes first"],
    [['--fapi', '--middle-tier', 'mid@http://127.0.0.1:4009'], 'cannot be used with --fapi'],
    [['--client', 'mid', '--middle-tier', 'mid@http://127.0.0.1:4009'], "is an app's too"],
    [['--middle-tier'], '--middle-tier needs a value: --middle-tier <id>[:<secret>]@<api-url>'],
  ])('refuses %j, naming the fix', (argv, message) => {
    expect(problems(argv).join('\n')).toContain(message);
  });

  it('starts the IdP with the middle tier registered for token exchange, and prints how to run the chain', async () => {
    const cli = parse([
      '--port',
      '0',
      '--client',
      'shop@http://localhost:3000',
      '--middle-tier',
      'mid@http://127.0.0.1:4009',
    ]);
    const running = await startPlannedIdps(planIdps(cli.options), () => {});
    try {
      const [first] = running.idps;
      const issuer = first?.idp.issuer ?? '';
      const message = startMessage(running.idps, cli);
      expect(message).toContain(`Middle tier mid`);
      expect(message).toMatch(new RegExp(`client secret +${generated()} +\\(generated for this run\\)`));
      expect(message).toContain(`MIDDLE_TIER_ISSUER=${issuer} MIDDLE_TIER_CLIENT_ID=mid`);
      expect(message).toMatch(/back-channel logout URI +http:\/\/127\.0\.0\.1:4009\/back-channel-logout/);
      expect(message).toContain("resource: 'api://identity-web-demo-middle'");
      // The printed secret authenticates the middle tier: a made-up subject token is the grant's
      // fault (invalid_grant), not the client's (invalid_client).
      const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      const exchange = (secret: string) =>
        fetch(metadata.token_endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${btoa(`mid:${secret}`)}`,
          },
          body: new URLSearchParams({
            grant_type: TOKEN_EXCHANGE,
            subject_token: 'made-up',
            subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
            resource: 'api://identity-web-demo',
            scope: 'api:read',
          }),
        });
      const refused = await exchange(generated());
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
      expect(await (await exchange('not-the-secret-not-the-secret-000')).json()).toMatchObject({
        error: 'invalid_client',
      });
    } finally {
      await running.close();
    }
  });
});

describe('--middle-tier refusals', () => {
  it('never echo the secret, and refuse one that a printed command could not carry as it is', () => {
    const secret = 'TOPSECRET-middle-tier-secret-of-32-characters';
    const said = problems([], { DEMO_IDP_MIDDLE_TIER: `mid tier:${secret}@http://127.0.0.1:4009` });
    expect(said.join('\n')).toContain("the middle tier's client id comes first");
    expect(said.join('\n')).not.toContain('TOPSECRET');
    const shell = problems([], {
      DEMO_IDP_MIDDLE_TIER: 'mid:$(touch /tmp/pwned);aaaaaaaaaaaaaaaaaaaaaaaaaaaa@http://127.0.0.1:4009',
    });
    expect(shell.join('\n')).toContain('without spaces, quotes or shell characters');
    expect(shell.join('\n')).not.toContain('pwned');
  });
});
