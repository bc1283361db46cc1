import type { Scenario } from '../scenario-world.js';
import { badInputScenarios } from './bad-input.scenarios.js';
import { logoutNotificationScenarios } from './logout-notification.scenarios.js';
import { signInScenarios } from './sign-in.scenarios.js';
import { signOutScenarios } from './sign-out.scenarios.js';
import { tokenScenarios } from './token.scenarios.js';

export const SCENARIOS: readonly Scenario[] = [
  ...signInScenarios,
  ...tokenScenarios,
  ...signOutScenarios,
  ...logoutNotificationScenarios,
  ...badInputScenarios,
];
