// The worker of the contract suites: every store operation of `createCloudflareStores` over HTTP, so
// the suites (on Node) drive the real Durable Object code inside workerd.
import { type CloudflareStores, createCloudflareStores, IdentityWebDurableObject } from '@identity-web/cloudflare';
import type { RegistryEntry } from '@identity-web/core/store';

/**
 * The object with a window into its storage, so tests can see that expired records are gone, and
 * a switch that makes its removals fail, so tests can break a multi-object operation half-way.
 */
export class InspectableState extends IdentityWebDurableObject {
  private failing = false;

  failRemovals(on: boolean): void {
    this.failing = on;
  }

  override removeEntries(ids: readonly string[]): Promise<RegistryEntry[]> {
    if (this.failing) throw new Error('removal failed on purpose');
    return super.removeEntries(ids);
  }

  async storage(): Promise<{ keys: string[]; alarm: number | null }> {
    const keys = [...this.ctx.storage.kv.list()].map(([key]) => key);
    return { keys, alarm: await this.ctx.storage.getAlarm() };
  }
}

interface Env {
  IDENTITY_WEB_STATE: DurableObjectNamespace<InspectableState>;
}

type Port = Exclude<keyof CloudflareStores, 'invalidationBus'>;
const PORTS: readonly string[] = ['sessionStore', 'tokenCacheStore', 'accountRegistry', 'replayCache', 'refreshLease'];

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const [, port = '', method = ''] = new URL(request.url).pathname.split('/');
    const { prefix, args } = (await request.json()) as { prefix: string; args: unknown[] };
    if (port === 'fail') {
      await env.IDENTITY_WEB_STATE.getByName(String(args[0])).failRemovals(args[1] === true);
      return Response.json({ result: null });
    }
    if (port === 'storage') {
      return Response.json({ result: await env.IDENTITY_WEB_STATE.getByName(String(args[0])).storage() });
    }
    if (!PORTS.includes(port)) return Response.json({ error: 'unknown port' }, { status: 404 });
    const store = createCloudflareStores(env.IDENTITY_WEB_STATE, { prefix })[port as Port] as unknown as Record<
      string,
      (...a: unknown[]) => Promise<unknown>
    >;
    if (typeof store[method] !== 'function') return Response.json({ error: 'unknown method' }, { status: 404 });
    try {
      return Response.json({ result: (await store[method](...args)) ?? null });
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      return Response.json({ error: code ?? 'error', message }, { status: 500 });
    }
  },
};
