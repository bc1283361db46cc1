// A Shared Signals transmitter for tests and the demo: SSF 1.0 metadata, its JWKS, signed SETs,
// RFC 8935 push and an RFC 8936 poll endpoint, as one fetch handler (Web APIs only).
import { makeKey, type SigningKey, signJwt } from './signing-keys.js';

/**
 * Options of {@link SsfTransmitter.create}.
 *
 * @group Test doubles
 */
export interface SsfTransmitterOptions {
  /** The transmitter's issuer (its origin, where {@link SsfTransmitter.handle} is served). */
  readonly issuer: string;
  /** The `aud` of every SET: the receiver's client id. */
  readonly audience: string;
  /**
   * `ssf` (default): `/.well-known/ssf-configuration`, SETs typed `secevent+jwt`, subjects in
   * `sub_id`. `risc`: Google's Cross-Account Protection shapes — `/.well-known/risc-configuration`,
   * no `typ`, the subject inside the event with `subject_type: "iss-sub"`.
   */
  readonly mode?: 'ssf' | 'risc';
  /** The bearer token the poll endpoint and the stream management API require; none when left out. */
  readonly bearerToken?: string;
  /** `critical_subject_members` of the metadata. */
  readonly criticalSubjectMembers?: readonly string[];
}

/**
 * A transmitter that follows SSF 1.0 for push and poll: `handle` serves its metadata
 * (`/.well-known/ssf-configuration` or `risc-configuration`), its JWKS (`/jwks`), its poll
 * endpoint (`/poll`, RFC 8936: a SET is delivered until acknowledged, `setErrs` recorded) and
 * the stream management API of SSF 1.0 §8 (`/stream`, `/status`, `/verify`: one stream at a
 * time; a verification event is pushed to the stream's endpoint, or queued for polling);
 * `issue` signs a SET (ES256); `push` POSTs one to a receiver (RFC 8935); `enqueue` queues one
 * for polling. It counts every acknowledgement, so tests can prove each SET was processed once.
 *
 * @group Test doubles
 */
export class SsfTransmitter {
  /** `jti`s acknowledged through the poll endpoint, in order, repeats included. */
  readonly acknowledged: string[] = [];
  /** `setErrs` reported through the poll endpoint, by `jti`. */
  readonly errors = new Map<
    string,
    {
      /** The error code. */
      err: string;
      /** Why, in words. */
      description: string;
    }
  >();
  /** Poll requests served. */
  polls = 0;
  readonly #queue = new Map<string, string>();
  #sequence = 0;
  /** The stream the receiver created, if any (SSF 1.0 §8.1.1). */
  stream: Record<string, unknown> | undefined;

  private constructor(
    /** The options it was made with. */
    readonly options: SsfTransmitterOptions,
    private readonly key: SigningKey,
  ) {}

  /** A transmitter with a fresh ES256 key. */
  static async create(options: SsfTransmitterOptions): Promise<SsfTransmitter> {
    return new SsfTransmitter(options, await makeKey('ES256', `ssf-${crypto.randomUUID().slice(0, 8)}`));
  }

  /** The poll endpoint's URL. */
  get pollEndpoint(): string {
    return `${this.options.issuer.replace(/\/$/, '')}/poll`;
  }

  /** SETs queued for polling and not yet acknowledged. */
  get pending(): number {
    return this.#queue.size;
  }

  /**
   * Signs a SET of `eventType` about `subject`, with `event` as the event object: in `ssf` mode
   * the subject is `sub_id`, in `risc` mode the event's `subject`. `claims` and `header` are
   * merged last, to build a SET that breaks a rule.
   */
  async issue(
    eventType: string,
    subject: Readonly<Record<string, unknown>> | undefined,
    event: Record<string, unknown> = {},
    overrides: { claims?: Record<string, unknown>; header?: Record<string, unknown> } = {},
  ): Promise<{
    /** The SET's `jti`. */
    readonly jti: string;
    /** The SET, a compact JWS. */
    readonly set: string;
  }> {
    const risc = this.options.mode === 'risc';
    const jti = `set-${++this.#sequence}-${crypto.randomUUID()}`;
    const body = risc && subject !== undefined ? { subject, ...event } : event;
    const claims = {
      iss: this.options.issuer,
      aud: this.options.audience,
      iat: Math.floor(Date.now() / 1000),
      jti,
      ...(!risc && subject !== undefined && { sub_id: subject }),
      events: { [eventType]: body },
      ...overrides.claims,
    };
    const header = { ...(!risc && { typ: 'secevent+jwt' }), ...overrides.header };
    return { jti: String(claims.jti), set: await signJwt(this.key, claims, header) };
  }

  /** Queues a SET for the poll endpoint. */
  enqueue({ jti, set }: { readonly jti: string; readonly set: string }): void {
    this.#queue.set(jti, set);
  }

  /** RFC 8935 §2: POSTs the SET to the receiver's push endpoint, with `authorization` when given. */
  push(
    endpoint: string,
    { set }: { readonly jti: string; readonly set: string },
    authorization?: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/secevent+jwt', accept: 'application/json' };
    if (authorization !== undefined) headers.authorization = authorization;
    return fetch(endpoint, { method: 'POST', headers, body: set });
  }

  /** The transmitter's HTTP endpoints, as a fetch handler. */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const { issuer, mode } = this.options;
    const path = new URL(issuer).pathname.replace(/\/$/, '');
    const configuration = `/.well-known/${mode === 'risc' ? 'risc' : 'ssf'}-configuration${path}`;
    if (request.method === 'GET' && url.pathname === configuration) return Response.json(this.metadata());
    if (request.method === 'GET' && url.pathname === `${path}/jwks`) {
      return Response.json({ keys: [this.key.publicJwk] });
    }
    if (request.method === 'POST' && url.pathname === `${path}/poll`) return this.poll(request);
    if (!this.authorized(request)) {
      return Response.json({ err: 'authentication_failed', description: 'bearer token required' }, { status: 401 });
    }
    if (url.pathname === `${path}/stream`) return this.configuration(request, url);
    if (request.method === 'GET' && url.pathname === `${path}/status`) {
      return this.known(url.searchParams.get('stream_id'))
        ? Response.json({ stream_id: this.stream!.stream_id, status: 'enabled' })
        : new Response(null, { status: 404 });
    }
    if (request.method === 'POST' && url.pathname === `${path}/verify`) return this.verify(request);
    return new Response('not found', { status: 404 });
  }

  /** SSF 1.0 §7.1, or the RISC configuration's subset of it. */
  metadata(): Record<string, unknown> {
    const base = this.options.issuer.replace(/\/$/, '');
    return {
      ...(this.options.mode !== 'risc' && { spec_version: '1_0' }),
      issuer: this.options.issuer,
      jwks_uri: `${base}/jwks`,
      delivery_methods_supported: ['urn:ietf:rfc:8935', 'urn:ietf:rfc:8936'],
      configuration_endpoint: `${base}/stream`,
      status_endpoint: `${base}/status`,
      verification_endpoint: `${base}/verify`,
      ...(this.options.criticalSubjectMembers !== undefined && {
        critical_subject_members: this.options.criticalSubjectMembers,
      }),
    };
  }

  private authorized(request: Request): boolean {
    const token = this.options.bearerToken;
    return token === undefined || request.headers.get('authorization') === `Bearer ${token}`;
  }

  private known(streamId: string | null): boolean {
    return this.stream !== undefined && streamId === this.stream.stream_id;
  }

  /** SSF 1.0 §8.1.1.1–2: POST creates the one stream (201), GET reads it. */
  private async configuration(request: Request, url: URL): Promise<Response> {
    if (request.method === 'GET') {
      return this.known(url.searchParams.get('stream_id'))
        ? Response.json(this.stream)
        : new Response(null, { status: 404 });
    }
    if (request.method !== 'POST') return new Response(null, { status: 405 });
    if (this.stream !== undefined) return new Response(null, { status: 409 });
    const body = (await request.json().catch(() => null)) as {
      delivery?: { method?: string; endpoint_url?: string; authorization_header?: string };
      events_requested?: string[];
      description?: string;
    } | null;
    const delivery = body?.delivery ?? { method: 'urn:ietf:rfc:8936' };
    const push = delivery.method === 'urn:ietf:rfc:8935';
    if (push && typeof delivery.endpoint_url !== 'string') return new Response(null, { status: 400 });
    const requested = body?.events_requested ?? [];
    this.stream = {
      stream_id: `stream-${crypto.randomUUID()}`,
      iss: this.options.issuer,
      aud: this.options.audience,
      events_supported: requested,
      events_requested: requested,
      events_delivered: requested,
      delivery: push ? delivery : { method: 'urn:ietf:rfc:8936', endpoint_url: this.pollEndpoint },
      ...(body?.description !== undefined && { description: body.description }),
    };
    return Response.json(this.stream, { status: 201 });
  }

  /** SSF 1.0 §8.1.4.2: 204, then the verification event goes over the stream. */
  private async verify(request: Request): Promise<Response> {
    const body = (await request.json().catch(() => null)) as { stream_id?: string; state?: string } | null;
    if (!this.known(body?.stream_id ?? null)) return new Response(null, { status: 404 });
    const event = await this.issue(
      'https://schemas.openid.net/secevent/ssf/event-type/verification',
      { format: 'opaque', id: String(body!.stream_id) },
      body?.state === undefined ? {} : { state: body.state },
    );
    const delivery = this.stream!.delivery as { method: string; endpoint_url: string; authorization_header?: string };
    if (delivery.method === 'urn:ietf:rfc:8935') {
      const pushed = await this.push(delivery.endpoint_url, event, delivery.authorization_header);
      if (pushed.status !== 202) return new Response(null, { status: 502 });
    } else this.enqueue(event);
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  }

  /** RFC 8936 §2.4–2.5: acknowledgements and errors first, then up to `maxEvents` SETs. */
  private async poll(request: Request): Promise<Response> {
    if (!this.authorized(request)) {
      return Response.json({ err: 'authentication_failed', description: 'bearer token required' }, { status: 401 });
    }
    const body = (await request.json().catch(() => null)) as {
      maxEvents?: unknown;
      ack?: unknown;
      setErrs?: unknown;
    } | null;
    if (body === null || typeof body !== 'object') {
      return Response.json({ err: 'invalid_request', description: 'a JSON object is required' }, { status: 400 });
    }
    this.polls++;
    for (const jti of Array.isArray(body.ack) ? body.ack : []) {
      if (typeof jti !== 'string') continue;
      this.acknowledged.push(jti);
      this.#queue.delete(jti);
    }
    const errs = typeof body.setErrs === 'object' && body.setErrs !== null ? body.setErrs : {};
    for (const [jti, error] of Object.entries(errs as Record<string, { err: string; description: string }>)) {
      this.errors.set(jti, error);
      this.#queue.delete(jti);
    }
    const max = typeof body.maxEvents === 'number' ? body.maxEvents : 25;
    const sets = Object.fromEntries([...this.#queue].slice(0, max));
    return Response.json({ sets, moreAvailable: this.#queue.size > Object.keys(sets).length });
  }
}
