import { describe, expect, it } from 'vitest';
import type { Env, RunningWebApp, StartWebApp } from './types.js';

/**
 * A complete environment for an example app on `port`. The issuer is a closed loopback port:
 * nothing here needs the IdP until someone signs in.
 */
export function exampleEnv(port: number): Record<string, string> {
  return {
    IDENTITY_WEB_IDP: 'oidc',
    IDENTITY_WEB_ISSUER: 'http://127.0.0.1:9',
    IDENTITY_WEB_CLIENT_ID: 'example-web-app',
    IDENTITY_WEB_CLIENT_SECRET: 'example-client-secret',
    IDENTITY_WEB_BASE_URL: `http://127.0.0.1:${port}`,
    IDENTITY_WEB_SECRET: 'example-app-secret-of-at-least-32-characters',
    IDENTITY_WEB_LOG_LEVEL: 'silent',
    DOWNSTREAM_API_URL: 'http://127.0.0.1:9/whoami',
    DOWNSTREAM_API_SCOPES: 'api:read',
    PORT: String(port),
  };
}

interface EnvError {
  readonly code: string;
  readonly variables: readonly string[];
  readonly message: string;
}

/** Starts the app, expecting it to refuse: each app has its own `EnvError` class, so by its shape. */
export async function refusal(start: StartWebApp, env: Env): Promise<EnvError> {
  const error = await start(env).then(
    async (app: RunningWebApp) => {
      await app.close();
      return new Error('the app started');
    },
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'EnvError', code: 'invalid_env' });
  return error as EnvError;
}

const SECRET = 'an-app-secret-of-at-least-32-characters';
const ENV = { ...exampleEnv(0), IDENTITY_WEB_SECRET: SECRET };
const MSAL = { ...ENV, IDENTITY_WEB_IDP: 'msal', IDENTITY_WEB_ISSUER: undefined };

/** How an example app reads its environment: every refusal names the variable to fix. */
export function describeConfiguration(name: string, start: StartWebApp): void {
  describe(`${name}: configuration`, () => {
    it('refuses to start without its environment, naming every missing variable at once', async () => {
      const error = await refusal(start, {});
      expect(error.variables).toEqual([
        'IDENTITY_WEB_ISSUER',
        'IDENTITY_WEB_CLIENT_ID',
        'IDENTITY_WEB_CLIENT_SECRET',
        'IDENTITY_WEB_BASE_URL',
        'IDENTITY_WEB_SECRET',
        'DOWNSTREAM_API_URL',
        'DOWNSTREAM_API_SCOPES',
      ]);
      expect(error.message).toMatch(/IDENTITY_WEB_CLIENT_ID is required: the client \(application\) id/);
    });

    // Read by the app itself, or refused by the library (`error.option`) and named by the app.
    it.each([
      ['IDENTITY_WEB_IDP', 'okta', /must be one of oidc, msal/],
      ['IDENTITY_WEB_ISSUER', 'not a url', /was refused: .*"issuer"/],
      ['IDENTITY_WEB_ISSUER', 'http://idp.example.com', /was refused: .*"issuer"/],
      ['IDENTITY_WEB_CLIENT_ID', '  ', /is required/],
      ['IDENTITY_WEB_BASE_URL', 'app.example.com', /was refused: .*"baseUrl"/],
      ['IDENTITY_WEB_BASE_URL', 'https://app.example.com/app', /was refused: .*"baseUrl"/],
      ['IDENTITY_WEB_SECRET', 'short', /was refused: .*"secret"/],
      ['IDENTITY_WEB_SECRET', `${SECRET},short`, /was refused: .*"secret"/],
      ['DOWNSTREAM_API_URL', 'ftp://localhost/whoami', /must be an https URL/],
      ['DOWNSTREAM_API_URL', 'http://api.example.com/whoami', /must be an https URL/],
      ['DOWNSTREAM_API_SCOPES', '   ', /is required/],
      ['PORT', '80a', /must be a port number/],
      ['PORT', '70000', /must be a port number/],
      ['IDENTITY_WEB_LOG_LEVEL', 'loud', /must be one of/],
      ['IDENTITY_WEB_SESSION_COOKIE', '__Host-app', /was refused: .*"session.cookieName"/],
      ['IDENTITY_WEB_SESSION_COOKIE', 'my app', /was refused: .*"session.cookieName"/],
      ['IDENTITY_WEB_CLIENT_AUTH', 'basic', /was refused: .*"clientAuth" must be one of "client_secret_basic", /],
      ['IDENTITY_WEB_REFRESH_MARGIN_SECONDS', '5m', /must be a whole number of seconds/],
      ['IDENTITY_WEB_REFRESH_MARGIN_SECONDS', '0', /was refused: .*"tokenCache.refreshSkewSeconds"/],
      ['IDENTITY_WEB_LOGOUT_TOKEN_MAX_AGE_SECONDS', '-1', /must be a whole number of seconds/],
      [
        'IDENTITY_WEB_LOGOUT_TOKEN_MAX_AGE_SECONDS',
        '90000',
        /was refused: .*"logoutToken.maxAgeSeconds" must be a number from 1 to 86400/,
      ],
      ['IDENTITY_WEB_LOGOUT_TOKEN_ALLOW_MISSING_EXP', 'yes', /must be true or false/],
      ['IDENTITY_WEB_REVOKE_ON_REMOVE', 'no', /must be true or false/],
      ['REDIS_URL', 'http://127.0.0.1:6379', /was refused: .*"url" must be a redis:\/\/ or rediss:\/\/ URL/],
      [
        'REDIS_CLUSTER_NODES',
        'redis://127.0.0.1:7000, http://127.0.0.1:7001',
        /was refused: .*"cluster.rootNodes\[1\]" must be a redis:\/\/ or rediss:\/\/ URL/,
      ],
      [
        'DATABASE_URL',
        'mysql://127.0.0.1:3306/app',
        /was refused: .*"url" must be a postgres:\/\/ or postgresql:\/\/ connection string/,
      ],
    ])('refuses %s=%j, naming it', async (variable, value, message) => {
      const error = await refusal(start, { ...ENV, [variable]: value });
      expect(error.variables).toEqual([variable]);
      expect(error.message).toMatch(new RegExp(`${variable} ${message.source}`));
    });

    it('never repeats a secret in a message', async () => {
      const secret = 'too-short-but-secret';
      const error = await refusal(start, { ...ENV, IDENTITY_WEB_SECRET: secret });
      expect(error.variables).toEqual(['IDENTITY_WEB_SECRET']);
      expect(error.message).not.toContain(secret);
      const redisPassword = 'the-redis-password';
      const redis = await refusal(start, { ...ENV, REDIS_URL: `tcp://app:${redisPassword}@127.0.0.1:6379` });
      expect(redis.variables).toEqual(['REDIS_URL']);
      expect(redis.message).not.toContain(redisPassword);
      const databasePassword = 'the-database-password';
      const database = await refusal(start, {
        ...ENV,
        DATABASE_URL: `tcp://app:${databasePassword}@127.0.0.1:5432/app`,
      });
      expect(database.variables).toEqual(['DATABASE_URL']);
      expect(database.message).not.toContain(databasePassword);
    });

    it('takes a Redis server or the nodes of a Redis Cluster, not both', async () => {
      const both = { ...ENV, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'redis://127.0.0.1:7000' };
      const error = await refusal(start, both);
      expect(error.variables).toEqual(['REDIS_CLUSTER_NODES']);
      expect(error.message).toMatch(/REDIS_CLUSTER_NODES conflicts with REDIS_URL/);
    });

    it('takes Redis or PostgreSQL, not both, naming both variables', async () => {
      const database = 'postgres://app@127.0.0.1:5432/app';
      const withRedis = await refusal(start, { ...ENV, REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: database });
      expect(withRedis.variables).toEqual(['DATABASE_URL']);
      expect(withRedis.message).toMatch(
        /DATABASE_URL conflicts with REDIS_URL: set one, PostgreSQL \(DATABASE_URL\) or Redis/,
      );
      const cluster = { ...ENV, REDIS_CLUSTER_NODES: 'redis://127.0.0.1:7000', DATABASE_URL: database };
      expect((await refusal(start, cluster)).message).toMatch(/DATABASE_URL conflicts with REDIS_CLUSTER_NODES/);
    });

    it('with IDENTITY_WEB_IDP=msal, needs exactly one of a tenant and an authority', async () => {
      expect((await refusal(start, MSAL)).variables).toEqual(['IDENTITY_WEB_TENANT']);
      const both = { ...MSAL, IDENTITY_WEB_TENANT: 'common', IDENTITY_WEB_AUTHORITY: 'https://login.example.com/x' };
      expect((await refusal(start, both)).message).toMatch(
        /IDENTITY_WEB_AUTHORITY with IDENTITY_WEB_IDP=msal: set exactly one/,
      );
    });

    it('with IDENTITY_WEB_IDP=msal, refuses the variables only the oidc provider takes', async () => {
      const env = {
        ...MSAL,
        IDENTITY_WEB_TENANT: 'common',
        IDENTITY_WEB_CLIENT_AUTH: 'client_secret_post',
        IDENTITY_WEB_LOGOUT_TOKEN_MAX_AGE_SECONDS: '120',
        IDENTITY_WEB_LOGOUT_TOKEN_ALLOW_MISSING_EXP: 'false',
      };
      const error = await refusal(start, env);
      expect(error.variables).toEqual([
        'IDENTITY_WEB_CLIENT_AUTH',
        'IDENTITY_WEB_LOGOUT_TOKEN_MAX_AGE_SECONDS',
        'IDENTITY_WEB_LOGOUT_TOKEN_ALLOW_MISSING_EXP',
      ]);
      expect(error.message).toMatch(/IDENTITY_WEB_CLIENT_AUTH applies with IDENTITY_WEB_IDP=oidc only/);
    });

    it('with IDENTITY_WEB_IDP=msal, names the variable whose value @identity-web/msal refuses', async () => {
      const env = { ...MSAL, IDENTITY_WEB_AUTHORITY: 'http://localhost/contoso' }; // msal: https only
      expect((await refusal(start, env)).variables).toEqual(['IDENTITY_WEB_AUTHORITY']);
    });
  });
}
