// The Request/Response scenario app lives in the testing entry, so storage packages can use it too.
export { webScenarioApp as webApp } from '@identity-web/core/testing';
