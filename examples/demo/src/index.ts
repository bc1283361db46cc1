// Public entry of the one-command demo (used by `pnpm demo` and the end-to-end tests).
export { DEFAULT_PORTS, type ServiceName } from './ports.js';
export { DEMO_API_SCOPES, type Demo, type DemoOptions, startDemo } from './start-demo.js';
