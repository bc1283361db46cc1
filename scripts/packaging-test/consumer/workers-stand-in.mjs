// What @identity-web/cloudflare takes from `cloudflare:workers`: the Durable Object base class,
// which keeps the object's state and environment.
export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}
