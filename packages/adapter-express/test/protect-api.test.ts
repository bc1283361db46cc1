import { describeApiScenarios } from '@identity-web/core/testing';
import express from 'express';
import { apiBackChannelLogout, apiSecurityEvents, protectApi } from '../src/index.js';
import { SLOW_TO_EXTEND } from '../src/request-property.js';
import { serveNode } from './support/app.js';

// The API-protection scenarios every adapter runs, on Express over real HTTP. Where adding a
// property to an Express request is slow, `req.api` is read through an accessor: a route that
// finds it written onto the request there fails every scenario that reaches it.
describeApiScenarios('express', async (api, requirement) => {
  const app = express();
  app.post('/back-channel-logout', apiBackChannelLogout(api));
  app.post('/security-events', apiSecurityEvents(api));
  app.all('/whoami', protectApi(api, requirement), (req, res) => {
    if (SLOW_TO_EXTEND && Object.hasOwn(req, 'api')) throw new Error('protectApi() wrote req.api onto the request');
    const { subject, clientId, scopes, roles, scheme } = req.api;
    res.json({ subject, clientId, scopes, roles, scheme });
  });
  return serveNode(app);
});
