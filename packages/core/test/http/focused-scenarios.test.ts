import { downstreamApiScenarios } from '../../src/testing/scenarios/downstream-api.scenarios.js';
import { logoutNotificationScenarios } from '../../src/testing/scenarios/logout-notification.scenarios.js';
import { providerScenarios } from '../../src/testing/scenarios/providers.scenarios.js';
import { sessionsScenarios } from '../../src/testing/scenarios/sessions.scenarios.js';
import { sharedSignalsScenarios } from '../../src/testing/scenarios/shared-signals.scenarios.js';
import { signInRaceScenarios } from '../../src/testing/scenarios/sign-in-race.scenarios.js';
import { signOutScenarios } from '../../src/testing/scenarios/sign-out.scenarios.js';
import { describeScenarioGroup } from '../support/scenario-group.js';
import { webApp } from '../support/web-app.js';

// The scenario groups that pin the rules of the modules the mutation tests mutate — sign-out and
// its CSRF and origin checks, the logout notifications, several providers, the session list,
// the calls to downstream APIs and their challenges, a sign-in overtaken by a logout, the email
// a sign-in files —
// on the core alone, in a file of their own: the mutation run includes it, and leaves out
// scenarios.test.ts, which runs every scenario.
const GROUPS = {
  'sign-out': signOutScenarios,
  'logout notifications': logoutNotificationScenarios,
  'several providers': providerScenarios,
  'session list': sessionsScenarios,
  'downstream APIs': downstreamApiScenarios,
  'sign-in races': signInRaceScenarios,
  // The one Shared Signals scenario that goes through the sign-in: the email it files.
  'email subjects': sharedSignalsScenarios.filter((s) => s.sharedSignals?.subjects?.email === true),
};

for (const [group, scenarios] of Object.entries(GROUPS)) {
  describeScenarioGroup(`core over Request/Response, ${group}`, scenarios, webApp);
}
