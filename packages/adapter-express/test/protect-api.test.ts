import { describeApiScenarios } from '@identity-web/core/testing';
import express from 'express';
import { apiBackChannelLogout, apiSecurityEvents, protectApi } from '../src/index.js';
import { serveNode } from './support/app.js';

// The API-protection scenarios every adapter runs, on Express over real HTTP.
describeApiScenarios('express', async (api, requirement) => {
  const app = express();
  app.post('/back-channel-logout', apiBackChannelLogout(api));
  app.post('/security-events', apiSecurityEvents(api));
  app.all('/whoami', protectApi(api, requirement), (req, res) => {
    const { subject, clientId, scopes, roles, scheme } = req.api;
    res.json({ subject, clientId, scopes, roles, scheme });
  });
  return serveNode(app);
});
