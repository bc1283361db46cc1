// Public entry of @identity-web/cloudflare: identity-web's stores on Durable Objects, for Workers.
export {
  type CloudflareStores,
  type CloudflareStoresOptions,
  cloudflareStores,
  type IsolateBus,
} from './cloudflare-stores.js';
export { IdentityWebState } from './object/identity-web-state.js';
export type { EntryRemoval, StateNamespace, StateRpc, StateStub, TaggedRecord } from './state-rpc.js';
