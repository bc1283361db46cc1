export { testEntry } from './account-registry.contract.js';
export {
  describeStoreSetContract,
  type StoreSet,
  type StoreSetContractOptions,
  type StoreSetFactory,
  type StoreSetFixture,
} from './store-set.contract.js';
