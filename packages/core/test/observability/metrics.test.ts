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

describe('prometheusMetrics series', () => {
  it('shows every series from the start at 0, histograms included, in one registry per instance', async () => {
    const t = setup();
    const metrics = prometheusMetrics(t.identity);
    expect(prometheusMetrics(t.identity)).toBe(metrics);
    const text = await metrics();
    for (const line of [
      'identity_web_sign_ins_total 0',
      'identity_web_sign_outs_total{reason="back-channel"} 0',
      'identity_web_accounts_removed_total{reason="front-channel"} 0',
      'identity_web_acquire_token_total{outcome="hit"} 0',
      'identity_web_acquire_token_duration_seconds_count{source="refresh"} 0',
      'identity_web_idp_call_duration_seconds_bucket{operation="redeem-code",le="+Inf"} 0',
      'identity_web_idp_errors_total{operation="acquire-token-silent"} 0',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(/# TYPE identity_web_acquire_token_duration_seconds histogram/);
  });

  it('times acquisitions and identity-provider calls', async () => {
    const t = setup();
    const metrics = prometheusMetrics(t.identity);
    const alice = await t.signIn('alice');
    await t.identity.acquireToken(alice.account, { scopes: [API] });
    await t.identity.acquireToken(alice.account, { scopes: [API] });
    const text = await metrics();
    expect(text).toContain('identity_web_sign_ins_total 1');
    expect(text).toContain('identity_web_acquire_token_duration_seconds_count{source="hot"} 1');
    expect(text).toContain('identity_web_idp_call_duration_seconds_count{operation="redeem-code"} 1');
    expect(text).toContain('identity_web_idp_call_duration_seconds_count{operation="acquire-token-silent"} 1');
  });
});
