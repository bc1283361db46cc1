// Public entry of @identity-web/cloudflare: identity-web's stores on Durable Objects, for Workers.
export {
  type CloudflareStores,
  type CloudflareStoresOptions,
  createCloudflareStores,
  type IsolateBus,
} from './create-cloudflare-stores.js';
export { IdentityWebDurableObject } from './object/identity-web-durable-object.js';
export type { EntryRemoval, StateNamespace, StateRpc, StateStub, TaggedRecord } from './state-rpc.js';
