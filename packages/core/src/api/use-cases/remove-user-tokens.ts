// The one removal of the tokens an API obtained on behalf of a user, which every sign-out reaching the API ends in.
import type { RegistryEntry } from '../../ports/account-registry.port.js';
import type { ApiSettings } from '../config/api-settings.js';
import { ON_BEHALF_OF_PREFIX } from '../domain/store-keys.js';

/**
 * The API's own partitions among registry entries: a registry a web app shares holds the web
 * app's accounts too, which only the web app's own sign-outs remove (with their sessions).
 */
export function ownPartitions(entries: readonly RegistryEntry[]): Set<string> {
  return new Set(entries.map((e) => e.accountKey).filter((key) => key.startsWith(ON_BEHALF_OF_PREFIX)));
}

/**
 * Removes the partition of the tokens obtained on behalf of one user and every registry entry
 * that finds it; the partition goes again once no entry leads to it (a grant that wrote it just
 * before `forgetAccount`). Idempotent. A store failure propagates: a removal that did not happen
 * is never reported as done.
 */
export async function removeUserTokens(settings: ApiSettings, partitionKey: string): Promise<void> {
  const { partitions, registry } = settings;
  await partitions?.remove(partitionKey);
  const entries = await registry.forgetAccount(partitionKey);
  if (entries.length > 0) await partitions?.remove(partitionKey);
}
