// The sign-in benchmark's harness, one short round with the app and the provider in this process:
// every sign-in lands, and the session it set opens the protected route. Counts only, no timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTECTED_PATH } from '../src/protocol.js';
import { report } from '../src/report.js';
import { type RoundOptions, type Rounds, runRounds } from '../src/rounds.js';
import { type SignInWorld, startSignInWorld } from '../src/world.js';

const options: RoundOptions = {
  rounds: 1,
  concurrency: 3,
  seconds: 10,
  maxSignIns: 6,
  checks: 5,
  warmupSeconds: 0.001,
};
let world: SignInWorld;
let result: Rounds;

beforeAll(async () => {
  world = await startSignInWorld({ fork: false });
  result = await runRounds(world, options);
});

afterAll(async () => {
  await world?.stop();
});

describe('the sign-in benchmark', () => {
  it('completes every sign-in of its round, the callback setting the session cookie', () => {
    expect(result.rounds).toHaveLength(1);
    const [round] = result.rounds;
    expect(round?.failed).toEqual({});
    expect(round?.signIns).toBe(options.maxSignIns);
    expect(round?.checkUs).toBeGreaterThan(0);
    expect(report(result.rounds, options, world.forked)).toContain('6 sign-ins completed; failed: none');
  });

  it('leaves a session that opens the protected route', async () => {
    const browser = result.signedIn;
    if (browser === undefined) throw new Error('no signed-in browser');
    const { status, body } = await browser.json(`${world.app.url}${PROTECTED_PATH}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ user: { subject: expect.stringMatching(/^user-\d+$/), issuer: world.idp.url } });
  });
});
