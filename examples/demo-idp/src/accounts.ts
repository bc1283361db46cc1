/**
 * Every login name is an account (dev login: no passwords). The subject is the name itself, so
 * signing in as "alice" in two apps is visibly the same user.
 */
export async function findAccount(_ctx: unknown, id: string) {
  return {
    accountId: id,
    async claims() {
      return { sub: id, name: displayName(id), preferred_username: id };
    },
  };
}

/** "alice.smith" → "Alice Smith". */
export function displayName(login: string): string {
  return login
    .split(/[._\s-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(' ');
}

/** Which claims each OIDC scope releases. */
export const CLAIMS = { openid: ['sub'], profile: ['name', 'preferred_username'] } as const;
