// `scopes`, `roles` and `claim` mean the same on the web apps' `requireAuth` and the APIs'
// `protectApi`: for any scopes and roles a user holds and any rule, both let the user on or neither
// does (a list: every one of its names; `{ anyOf }`: one of them), an async `claim` included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiRefusal } from '../../src/api/domain/api-refusal.js';
import { type ApiRequirement, checkRequirement } from '../../src/api/domain/api-requirement.js';
import { createIdentityWebApi } from '../../src/api.js';
import type { AuthContext } from '../../src/http/auth-context.js';
import { authorize, checkRequireAuthOptions, type RequireAuthOptions } from '../../src/http/authorize.js';
import { API_AUDIENCE, ApiTokenIssuer } from '../../src/testing/api-token-issuer.js';

const NAMES = ['a', 'b', 'c', 'd'];
const held = fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 4 });
const names = fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 });
const rule = fc.oneof(
  names,
  names.map((anyOf) => ({ anyOf })),
);

/** A signed-in web user with these scopes granted at sign-in and these roles. */
function webUser(scopes: readonly string[], roles: readonly string[]): AuthContext {
  return { isAuthenticated: true, account: { claims: { roles: [...roles] } }, grantedScopes: scopes } as never;
}

/** An API caller's verified token with these scopes and roles. */
function apiToken(scopes: readonly string[], roles: readonly string[]) {
  return { scopes, roles, claims: { roles: [...roles] } } as never;
}

/** A stand-in issuer and an API that takes its tokens. */
async function newApi() {
  const issuer = await ApiTokenIssuer.create(() => Date.now());
  const api = createIdentityWebApi({
    identityProvider: issuer.provider,
    audience: API_AUDIENCE,
    baseUrl: 'https://api.test',
  });
  return { issuer, api };
}

async function webLetsOn(user: AuthContext, options: RequireAuthOptions): Promise<boolean> {
  return (await authorize(user, checkRequireAuthOptions(options))) === 'allow';
}

async function apiLetsOn(token: never, requirement: ApiRequirement): Promise<boolean> {
  try {
    await checkRequirement(token, requirement, Date.now());
    return true;
  } catch (error) {
    if (error instanceof ApiRefusal) return false;
    throw error;
  }
}

describe('requireAuth and protectApi read their words alike', () => {
  it('scopes and roles: a list asks for every one of them, { anyOf } for one of them, on both', async () => {
    await fc.assert(
      fc.asyncProperty(
        held,
        held,
        fc.option(rule, { nil: undefined }),
        fc.option(rule, { nil: undefined }),
        async (scopes, roles, scopeRule, roleRule) => {
          const asked = { ...(scopeRule && { scopes: scopeRule }), ...(roleRule && { roles: roleRule }) };
          const web = await webLetsOn(webUser(scopes, roles), asked);
          const api = await apiLetsOn(apiToken(scopes, roles), asked);
          expect(web).toBe(api);
          // And what each means: every name of a list, one name of an `anyOf`.
          const meets = (have: readonly string[], r: typeof scopeRule) =>
            r === undefined ||
            (Array.isArray(r) ? r.every((n) => have.includes(n)) : r.anyOf.some((n) => have.includes(n)));
          expect(web).toBe(meets(scopes, scopeRule) && meets(roles, roleRule));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the two-name list that once meant "one of them" on protectApi now means both there too', async () => {
    const one = apiToken(['orders.write'], []);
    expect(await apiLetsOn(one, { scopes: ['orders.read', 'orders.write'] })).toBe(false);
    expect(await apiLetsOn(one, { scopes: { anyOf: ['orders.read', 'orders.write'] } })).toBe(true);
    expect(await webLetsOn(webUser(['orders.write'], []), { scopes: ['orders.read', 'orders.write'] })).toBe(false);
  });

  it('claim: true lets on, anything else refuses, sync or async, on both', async () => {
    for (const answer of [true, false, 'yes', 1, undefined]) {
      for (const claim of [() => answer as boolean, async () => answer as boolean]) {
        const web = await webLetsOn(webUser([], []), { claim });
        expect(await apiLetsOn(apiToken([], []), { claim })).toBe(web);
        expect(web).toBe(answer === true);
      }
    }
  });

  it('refuses the same mistakes on both, when the route is made', async () => {
    const { api } = await newApi();
    for (const option of ['scopes', 'roles'] as const) {
      const holes = new Array(1);
      const gap = ['a', 'b'];
      delete gap[0]; // a list with a hole where a name was
      const mistakes = [[], { anyOf: [] }, 'a', [''], [' '], holes, gap, { anyOf: holes }, { oneOf: ['a'] }];
      for (const bad of [...mistakes, { anyOf: ['a'], allOf: ['b'] }]) {
        const web = (() => {
          try {
            checkRequireAuthOptions({ [option]: bad as never });
          } catch (error) {
            return (error as Error).message;
          }
          return 'accepted';
        })();
        expect(web).toMatch(new RegExp(`"${option}" must`));
        expect(() => api.guard({ [option]: bad as never })).toThrow(web.replace('requireAuth(): ', ''));
      }
    }
  });

  it('keep the rule they were given when the route was made, whatever becomes of the list after', async () => {
    const { issuer, api } = await newApi();
    const scopes = ['orders.write'];
    const anyOf = ['orders.write'];
    const web = checkRequireAuthOptions({ scopes, roles: { anyOf } });
    const guard = api.guard({ scopes });
    scopes.length = 0;
    anyOf.length = 0;
    const token = await issuer.token({ scope: 'orders.read' });
    const verdict = await guard({
      method: 'GET',
      url: new URL('https://api.test/orders'),
      header: (name) => (name === 'authorization' ? `Bearer ${token}` : undefined),
      cookie: () => undefined,
      readText: () => Promise.reject(new Error('no body')),
    });
    expect(verdict.caller).toBeNull();
    expect(await webLetsOn(webUser(['orders.read'], ['Orders.Admin']), web)).toBe(false);
  });

  it("read a token's or a session's one role given as a string alike", async () => {
    const user = { isAuthenticated: true, account: { claims: { roles: 'Orders.Admin' } }, grantedScopes: [] } as never;
    const token = { scopes: [], roles: ['Orders.Admin'], claims: { roles: 'Orders.Admin' } } as never;
    for (const roles of [['Orders.Admin'], { anyOf: ['Orders.Admin', 'Orders.Auditor'] }, ['Orders.Auditor']]) {
      expect(await webLetsOn(user, { roles })).toBe(await apiLetsOn(token, { roles }));
    }
    expect(await webLetsOn(user, { roles: ['Orders.Admin'] })).toBe(true);
  });
});
