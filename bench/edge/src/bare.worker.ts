// The baseline: a bare Hono Worker of the Worker example's setup — the same bindings and the same
// Durable Object class name bound (an empty object here), one route answering JSON — so the
// difference between the two is identity-web (its middleware, the OIDC client, the stores).
import { DurableObject } from 'cloudflare:workers';
import { Hono } from 'hono';

export class IdentityWebDurableObject extends DurableObject {}

const app = new Hono();
app.get('/', (c) => c.json({ ok: true }));

export default app;
