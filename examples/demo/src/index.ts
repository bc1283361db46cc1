// Public entry of the one-command demo (used by `pnpm demo` and the end-to-end tests).
export { DEFAULT_PORTS, type ServiceName } from './ports.js';
export {
  DEMO_API_SCOPES,
  DEMO_FAPI_VARIABLE,
  type Demo,
  type DemoAppClient,
  type DemoOptions,
  fapiByDefault,
  startDemo,
} from './start-demo.js';
