/**
 * oidc-provider's storage for the demo: everything in this process's memory, each entry kept
 * until it expires and never evicted before. oidc-provider's built-in development adapter is an
 * LRU of 1,000 entries, and a sign-in leaves about six (interaction, session, grant, code, access
 * and refresh token): with more than about 150 users signed in it starts dropping live grants and
 * refresh tokens, and refreshes fail with `invalid_grant` ("refresh token not found") although
 * the app did everything right. A provider that forgets live refresh tokens is not one to test
 * a token cache against.
 */

/** What oidc-provider asks of an adapter (its `adapter` option, one instance per model name). */
export interface Adapter {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

interface Entry {
  readonly payload: Payload;
  readonly expiresAt: number;
}

/** Sweep expired entries once every this many writes: memory stays bounded by the lifetimes. */
const SWEEP_EVERY = 1000;

/** One store shared by every model's adapter of one provider. */
export function memoryStorage(clock: () => number = Date.now): (model: string) => Adapter {
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();
  let writes = 0;

  const live = (key: string): Payload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > clock()) return entry.payload;
    remove(key);
    return undefined;
  };
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    const { grantId, uid, userCode } = entry.payload;
    if (grantId !== undefined) byGrant.get(grantId)?.delete(key);
    if (uid !== undefined && byUid.get(uid) === key) byUid.delete(uid);
    if (userCode !== undefined && byUserCode.get(userCode) === key) byUserCode.delete(userCode);
  };
  const sweep = () => {
    const now = clock();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) remove(key);
    for (const [grantId, keys] of byGrant) if (keys.size === 0) byGrant.delete(grantId);
  };

  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        remove(key(id));
        const expiresAt = typeof expiresIn === 'number' ? clock() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        entries.set(key(id), { payload, expiresAt });
        if (payload.grantId !== undefined) {
          const keys = byGrant.get(payload.grantId) ?? new Set<string>();
          byGrant.set(payload.grantId, keys.add(key(id)));
        }
        if (model === 'Session' && payload.uid !== undefined) byUid.set(payload.uid, key(id));
        if (payload.userCode !== undefined) byUserCode.set(payload.userCode, key(id));
        if (++writes % SWEEP_EVERY === 0) sweep();
      },
      async find(id) {
        return live(key(id));
      },
      async findByUid(uid) {
        const found = byUid.get(uid);
        return found === undefined ? undefined : live(found);
      },
      async findByUserCode(userCode) {
        const found = byUserCode.get(userCode);
        return found === undefined ? undefined : live(found);
      },
      async consume(id) {
        const payload = live(key(id));
        if (payload !== undefined) payload.consumed = Math.floor(clock() / 1000);
      },
      async destroy(id) {
        remove(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const member of [...(byGrant.get(grantId) ?? [])]) remove(member);
        byGrant.delete(grantId);
      },
    };
  };
}
