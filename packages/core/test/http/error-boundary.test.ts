import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/settings.js';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import { InteractionRequiredError } from '../../src/domain/interaction-required.js';
import { Challenge } from '../../src/http/challenge.js';
import { ErrorBoundary } from '../../src/http/error-boundary.js';
import type { HttpRequest } from '../../src/http/types.js';
import { silentLogger } from '../../src/ports/logger.port.js';

const settings = { basePath: '/auth', renderPage: null } as unknown as Settings;
const boundary = new ErrorBoundary(silentLogger, new Challenge(settings, silentLogger));

function request(kind: 'navigation' | 'api'): HttpRequest {
  const headers: Record<string, string> =
    kind === 'navigation' ? { accept: 'text/html', 'sec-fetch-mode': 'navigate' } : { accept: 'application/json' };
  return {
    method: 'GET',
    url: new URL('https://app.example/orders?page=2'),
    header: (name: string) => headers[name],
  } as unknown as HttpRequest;
}

/** An error shaped like identity-web's but thrown by the app (Koa's `ctx.throw(status, msg, { code })`). */
function appError(name: string, status: number, code: string): Error {
  return Object.assign(new Error('from the app'), { name, status, code, expose: status < 500 });
}

describe('ErrorBoundary', () => {
  it('logs an outage it answers once, and not when the failure was logged already', () => {
    const lines: string[] = [];
    const record = (_fields: unknown, message: string) => {
      lines.push(message);
    };
    const logger = { debug() {}, info() {}, warn: record, error: record };
    const logging = new ErrorBoundary(logger, new Challenge(settings, logger));
    const down = new IdentityWebError(ErrorCode.StoreUnavailable, 'the session store did not answer');
    expect(logging.handleError(request('navigation'), down)?.status).toBe(503);
    expect(lines).toEqual(['identity-web request failed']);
    expect(logging.handleError(request('navigation'), down, true)?.status).toBe(503);
    expect(logging.handleError(request('api'), down, true)?.headers['retry-after']).toMatch(/^\d+$/);
    expect(lines).toEqual(['identity-web request failed']);
  });

  it('turns an interaction-required error into a sign-in redirect or a 401 naming the scopes', () => {
    const error = new InteractionRequiredError('consent', {
      scopes: ['api://orders/read'],
      reason: 'consent_required',
    });
    const navigation = boundary.handleError(request('navigation'), error);
    expect(navigation?.status).toBe(302);
    expect(navigation?.headers.location).toBe(
      '/auth/sign-in?returnTo=%2Forders%3Fpage%3D2&scope=api%3A%2F%2Forders%2Fread',
    );
    const api = boundary.handleError(request('api'), error);
    expect(api?.status).toBe(401);
    expect(JSON.parse(api?.body ?? '')).toMatchObject({ error: 'interaction_required', scopes: ['api://orders/read'] });
  });

  it('challenges a request without a signed-in user', () => {
    const error = new IdentityWebError(ErrorCode.NotAuthenticated, 'no user is signed in');
    expect(boundary.handleError(request('navigation'), error)?.status).toBe(302);
    expect(JSON.parse(boundary.handleError(request('api'), error)?.body ?? '')).toMatchObject({
      error: 'not_authenticated',
    });
  });

  it('answers an outage with its status, and a 503 with Retry-After', () => {
    const down = boundary.handleError(
      request('api'),
      new IdentityWebError(ErrorCode.StoreUnavailable, 'redis is down'),
    );
    expect(down).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(JSON.parse(down?.body ?? '')).toEqual({
      error: 'store_unavailable',
      error_description: 'Something went wrong. Please try again.',
    });
    const garbage = boundary.handleError(request('api'), new IdentityWebError(ErrorCode.IdpError, 'bad answer'));
    expect(garbage?.status).toBe(502);
    expect(garbage?.headers['retry-after']).toBeUndefined();
  });

  it('leaves a 500 to the app: a bug, an invalid option, or a 500 from another copy of the core', () => {
    expect(boundary.handleError(request('api'), new IdentityWebError(ErrorCode.InvalidOption, 'x'))).toBeNull();
    expect(boundary.handleError(request('api'), new IdentityWebError(ErrorCode.CacheDecryptFailed, 'x'))).toBeNull();
    const foreign500 = appError('IdentityWebError', 500, 'store_unavailable');
    expect(boundary.handleError(request('api'), foreign500)).toBeNull();
    expect(boundary.handleError(request('api'), 'a string')).toBeNull();
    expect(boundary.handleError(request('api'), new Error('plain'))).toBeNull();
  });

  it('leaves the app’s own errors of the same shape to the app', () => {
    expect(boundary.handleError(request('api'), appError('BadRequestError', 400, 'invalid_request'))).toBeNull();
    expect(
      boundary.handleError(request('api'), appError('ServiceUnavailableError', 503, 'store_unavailable')),
    ).toBeNull();
  });

  it('answers access verdicts whoever threw them, with their own page', () => {
    const forbidden = boundary.handleError(request('navigation'), appError('ForbiddenError', 403, 'forbidden'));
    expect(forbidden?.status).toBe(403);
    expect(forbidden?.body).toContain('<title>Access denied</title>');
    const consent = boundary.handleError(
      request('navigation'),
      new IdentityWebError(ErrorCode.ConsentNotGranted, 'The sign-in did not grant the access this page needs.'),
    );
    expect(consent?.body).toContain('<title>Access not granted</title>');
    const refused = boundary.handleError(request('navigation'), new IdentityWebError(ErrorCode.SignInRefused, 'no'));
    expect(refused?.body).toContain('<title>Sign-in refused</title>');
    expect(boundary.handleError(request('api'), appError('ForbiddenError', 403, 'sign_in_loop'))?.status).toBe(403);
  });

  it('shows a sign-in problem page for a 4xx whose message is hidden', () => {
    const hidden = Object.assign(appError('IdentityWebError', 400, 'invalid_state'), { expose: false });
    const answer = boundary.handleError(request('navigation'), hidden);
    expect(answer?.status).toBe(400);
    expect(answer?.body).toContain('<title>Sign-in problem</title>');
    expect(answer?.body).not.toContain('from the app');
  });
});
