// One group of the shared scenarios, run on its own: for a part of the core the mutation run
// covers, or for an adapter's app in another setting (its framework trusting a proxy, say).
export { describeScenarios as describeScenarioGroup } from '../../src/testing/adapter-scenarios.js';
