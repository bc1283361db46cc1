import { InteractionRequiredError, prometheusMetrics } from '@identity-web/core';
import { describe, expect, it } from 'vitest';
import { API, setup } from '../support/helpers.js';

describe('prometheusMetrics', () => {
  it('reports sessions, cached accounts and acquire-token outcomes from real events', async () => {
    const t = setup();
    const metrics = prometheusMetrics(t.identity);
    const alice = await t.signIn('alice');
    await t.signIn('bob');
    await t.identity.acquireToken(alice.account, { scopes: [API] }); // refresh
    await t.identity.acquireToken(alice.account, { scopes: [API] }); // hit
    await t.identity.acquireToken(alice.account, { scopes: ['api://unconsented'] }).catch((e) => {
      expect(e).toBeInstanceOf(InteractionRequiredError);
    });
    await t.identity.removeAccount(alice.accountKey);
    const text = await metrics();
    // Removing alice's account ends her session too: her tokens are gone.
    expect(text).toContain('identity_web_sessions 1');
    expect(text).toContain('identity_web_sign_outs_total{reason="api"} 1');
    expect(text).toContain('identity_web_cached_accounts 1');
    expect(text).toContain('identity_web_sign_ins_total 2');
    expect(text).toContain('identity_web_acquire_token_total{outcome="refresh"} 1');
    expect(text).toContain('identity_web_acquire_token_total{outcome="hit"} 1');
    expect(text).toContain('identity_web_acquire_token_total{outcome="interaction_required"} 1');
    expect(text).toContain('identity_web_accounts_removed_total{reason="api"} 1');
    expect(text).toMatch(/# TYPE identity_web_sessions gauge/);
  });
});
