import type { Scenario } from '../scenario-world.js';
import { authorizationScenarios } from './authorization.scenarios.js';
import { badInputScenarios } from './bad-input.scenarios.js';
import { downstreamApiScenarios } from './downstream-api.scenarios.js';
import { headScenarios } from './head.scenarios.js';
import { idleScenarios } from './idle.scenarios.js';
import { logoutNotificationScenarios } from './logout-notification.scenarios.js';
import { originScenarios } from './origin.scenarios.js';
import { providerScenarios } from './providers.scenarios.js';
import { requestBodyScenarios } from './request-body.scenarios.js';
import { routeErrorScenarios } from './route-errors.scenarios.js';
import { sessionsScenarios } from './sessions.scenarios.js';
import { sharedSignalsScenarios } from './shared-signals.scenarios.js';
import { signInScenarios } from './sign-in.scenarios.js';
import { signInHookScenarios } from './sign-in-hook.scenarios.js';
import { signInRaceScenarios } from './sign-in-race.scenarios.js';
import { signOutScenarios } from './sign-out.scenarios.js';
import { storeOutageScenarios } from './store-outage.scenarios.js';
import { tokenScenarios } from './token.scenarios.js';

export const SCENARIOS: readonly Scenario[] = [
  ...signInScenarios,
  ...tokenScenarios,
  ...signOutScenarios,
  ...logoutNotificationScenarios,
  ...badInputScenarios,
  ...authorizationScenarios,
  ...signInHookScenarios,
  ...downstreamApiScenarios,
  ...idleScenarios,
  ...sessionsScenarios,
  ...providerScenarios,
  ...sharedSignalsScenarios,
  ...storeOutageScenarios,
  ...signInRaceScenarios,
  ...headScenarios,
  ...requestBodyScenarios,
  ...originScenarios,
  ...routeErrorScenarios,
];
