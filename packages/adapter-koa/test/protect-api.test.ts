import { describeApiScenarios } from '@identity-web/core/testing';
import Koa from 'koa';
import { type ApiState, apiBackChannelLogout, apiSecurityEvents, protectApi } from '../src/index.js';
import { serve } from './support/app.js';

// The API-protection scenarios every adapter runs, on Koa over real HTTP.
describeApiScenarios('koa', async (api, requirement) => {
  const app = new Koa<ApiState>();
  const logout = apiBackChannelLogout(api);
  const events = apiSecurityEvents(api);
  app.use((ctx, next) => (ctx.path === '/back-channel-logout' ? logout(ctx, next) : next()));
  app.use((ctx, next) => (ctx.path === '/security-events' ? events(ctx, next) : next()));
  app.use(protectApi(api, requirement));
  app.use((ctx) => {
    const { subject, clientId, scopes, roles, scheme } = ctx.state.api;
    ctx.body = { subject, clientId, scopes, roles, scheme };
  });
  return serve(app as unknown as Koa);
});
