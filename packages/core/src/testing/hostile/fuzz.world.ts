import type { Logger } from '@identity-web/core';
import type { AccountRegistry, RegistryEntry } from '@identity-web/core/store';
import { expect } from 'vitest';
import { MemoryAccountRegistry } from '../../stores/memory-account-registry.js';
import { createScenarioWorld } from '../adapter-scenarios.js';
import { FakeIdentityProvider, ManualClock } from '../fake-identity-provider.js';
import type { ScenarioAppFactory, ScenarioWorld, SignedIn } from '../scenario-world.js';
import type { RequestSettings } from './fuzz.requests.js';
import type { Ref } from './fuzz.values.js';

/** An account registry that counts its writes, so a test can tell that a request wrote nothing. */
export class CountingRegistry implements AccountRegistry {
  writes = 0;
  constructor(private readonly inner: AccountRegistry) {}
  recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<readonly RegistryEntry[] | void> {
    this.writes++;
    return this.inner.recordSignIn(entry, ttlSeconds);
  }
  findBySid(issuer: string, sid: string): Promise<RegistryEntry[]> {
    return this.inner.findBySid(issuer, sid);
  }
  findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]> {
    return this.inner.findBySubject(issuer, subject);
  }
  touchAccount(accountKey: string, ttlSeconds: number): Promise<void> {
    this.writes++;
    return this.inner.touchAccount(accountKey, ttlSeconds);
  }
  forgetAccount(accountKey: string): Promise<RegistryEntry[]> {
    this.writes++;
    return this.inner.forgetAccount(accountKey);
  }
  forgetSession(accountKey: string, sessionId: string): Promise<number> {
    this.writes++;
    return this.inner.forgetSession(accountKey, sessionId);
  }
}

/** What a hostile request may see or carry of the world: the values behind each `Ref`. */
export type Material = Record<Ref['ref'], string>;

/**
 * A scenario world with a signed-in user whose session, partition and registry entry must
 * outlive every hostile request, a logger that keeps errors, and the store counts to compare.
 */
export class FuzzWorld {
  private user!: SignedIn;
  private material!: Material;
  private settings!: RequestSettings;

  private constructor(
    readonly world: ScenarioWorld,
    readonly registry: CountingRegistry,
    /** What the core logged as errors: each one is a failure it did not expect. */
    readonly errors: readonly unknown[],
  ) {}

  static async create(factory: ScenarioAppFactory): Promise<FuzzWorld> {
    const registry = new CountingRegistry(new MemoryAccountRegistry(new ManualClock()));
    const errors: unknown[] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      warn() {},
      error: (fields, message) => errors.push({ message, fields }),
    };
    const world = await createScenarioWorld(factory, { logger, stores: { accountRegistry: registry } });
    const fuzz = new FuzzWorld(world, registry, errors);
    await fuzz.harvest();
    return fuzz;
  }

  requestSettings(socket: boolean): RequestSettings {
    return { ...this.settings, socket };
  }

  value(name: Ref['ref']): string {
    return this.material[name];
  }

  /** Real values to replay and tamper with, and the cookie names they live under. */
  private async harvest(): Promise<void> {
    await this.ensureUser();
    const started = this.world.browser();
    expect((await started.fetch('/auth/sign-in')).status).toBe(302);
    const [signIn] = [...started.cookies];
    const stranger = this.world.browser();
    expect((await stranger.post('/auth/sign-out', {})).status).toBe(303);
    const [signOut] = [...stranger.cookies];
    expect(this.user.browser.cookies.size).toBe(1);
    const [session] = [...this.user.browser.cookies];
    // Same issuer and audience, another signing key: the token looks right and is not.
    const foreign = new FakeIdentityProvider(new ManualClock());
    const foreignLogoutToken = await foreign.logoutToken({ sid: this.user.sid, sub: 'alice' });
    this.material = { session: session![1], transaction: signIn![1], signOutState: signOut![1], foreignLogoutToken };
    const slotBase = signIn![0].slice(0, signIn![0].lastIndexOf('.'));
    this.settings = { cookieNames: { session: session![0], signIn: slotBase, signOut: signOut![0] }, socket: false };
  }

  /**
   * Signs the user in (again) when their session is gone: only a failing request can end it,
   * and the requests fast-check replays while shrinking that failure each need the user back.
   */
  async ensureUser(): Promise<SignedIn> {
    const live = this.user && (await this.world.sessions.getSession(this.user.sessionId));
    if (live) return this.user;
    // An unguessable sid: a front-channel logout naming it would rightly end the session.
    this.user = await this.world.signIn('alice', { sid: `sid-${crypto.randomUUID()}` });
    expect((await this.user.browser.fetch('/call-api', { accept: 'json' })).status).toBe(200);
    if (this.material) this.material.session = [...this.user.browser.cookies][0]![1];
    return this.user;
  }

  /** What must not change: store counts, registry writes, logged errors, and the user's records. */
  async snapshot() {
    const { sessions, tokenCache } = this.world;
    return {
      sessions: await sessions.countSessions!(),
      partitions: await tokenCache.countPartitions!(),
      registryWrites: this.registry.writes,
      errors: this.errors.length,
      userSession: await sessions.getSession(this.user.sessionId),
      userPartition: (await tokenCache.getPartition(this.user.accountKey))?.version ?? null,
      userEntries: (await this.registry.findBySid(this.world.idp.issuer, this.user.sid)).length,
    };
  }
}
