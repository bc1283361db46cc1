import { describeApiScenarios } from '@identity-web/core/testing';
import Fastify from 'fastify';
import { apiBackChannelLogout, apiSecurityEvents, protectApi } from '../src/index.js';
import { serve } from './support/app.js';

// The API-protection scenarios every adapter runs, on Fastify over real HTTP.
describeApiScenarios('fastify', async (api, requirement) => {
  const app = Fastify();
  app.post('/back-channel-logout', apiBackChannelLogout(api));
  app.post('/security-events', apiSecurityEvents(api));
  app.route({
    method: ['GET', 'POST'],
    url: '/whoami',
    preHandler: protectApi(api, requirement),
    handler: async (request) => {
      const { subject, clientId, scopes, roles, scheme } = request.api;
      return { subject, clientId, scopes, roles, scheme };
    },
  });
  return serve(app);
});
