import { describe, expect, it } from 'vitest';
import type { Page } from '../../src/domain/page.js';
import { setup } from '../support/helpers.js';
import { webApp } from '../support/web-app.js';

describe('pages', () => {
  it('titles a sign-out without a body "Sign-out problem", not "Sign-in problem"', async () => {
    const t = setup();
    const app = await webApp(t.identity);
    const answer = await app.fetch('/auth/sign-out', { method: 'POST' });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('<title>Sign-out problem</title>');
  });

  it('renders every page through pages.render with its kind, status, title and a safe message', async () => {
    const seen: Page[] = [];
    const t = setup({
      pages: {
        render: (page) => {
          seen.push(page);
          return `<!doctype html><title>${page.title}</title><main data-kind="${page.kind}"></main>`;
        },
      },
    });
    const app = await webApp(t.identity);
    const bad = await app.fetch('/auth/sign-in?returnTo=//evil.example');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('data-kind="sign-in-problem"');
    const out = await app.fetch('/auth/signed-out');
    expect(await out.text()).toContain('data-kind="signed-out"');
    expect(seen.map((p) => [p.kind, p.status, p.title])).toEqual([
      ['sign-in-problem', 400, 'Sign-in problem'],
      ['signed-out', 200, 'Signed out'],
    ]);
    expect(seen[0]!.message).toBe('returnTo must be a path on this site');
  });

  it('renders a failed sign-in callback through pages.render too', async () => {
    const seen: Page[] = [];
    const t = setup({
      pages: {
        render: (page) => {
          seen.push(page);
          return `<!doctype html><main data-kind="${page.kind}"></main>`;
        },
      },
    });
    const app = await webApp(t.identity);
    // A callback this browser never started: no sign-in cookie for the state.
    const answer = await app.fetch('/auth/callback?code=stolen&state=0abc');
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('data-kind="sign-in-problem"');
    expect(seen.map((p) => [p.kind, p.status])).toEqual([['sign-in-problem', 400]]);
  });

  it('refuses a pages.render that is not a function, naming the option', () => {
    expect(() => setup({ pages: { render: 'nope' as never } })).toThrow(
      expect.objectContaining({ code: 'invalid_option', option: 'pages.render' }),
    );
  });
});
