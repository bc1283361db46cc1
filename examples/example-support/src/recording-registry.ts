import type { RegistryEntry } from '@identity-web/core/store';
import { MemoryAccountRegistry } from '@identity-web/core/store';

/** An app's account registry that also keeps every sign-in it recorded, for tests to read. */
export class RecordingRegistry extends MemoryAccountRegistry {
  readonly recorded: RegistryEntry[] = [];

  override async recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<RegistryEntry[]> {
    this.recorded.push(entry);
    return super.recordSignIn(entry, ttlSeconds);
  }

  /** The IdP session id (`sid`) recorded for one of the app's sessions. */
  sidOf(sessionId: string): string | undefined {
    return this.recorded.find((e) => e.sessionId === sessionId)?.sid;
  }

  /** The app's sessions registered under (iss, sid): what a logout notification for that sid ends. */
  async sessionsOf(issuer: string, sid: string): Promise<string[]> {
    return (await this.findBySid(issuer, sid)).map((e) => e.sessionId);
  }
}
