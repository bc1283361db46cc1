// A Shared Signals transmitter for the shared scenarios: SETs in the shape SSF 1.0 gives them, a
// keyed digest in place of a signature (like the fake IdP's logout tokens), and a poll queue.
import type {
  Clock,
  SecurityEventPollRequest,
  SecurityEventPollResponse,
  SecurityEventTransmitter,
  TransmitterMetadata,
} from '@identity-web/core/provider';
import { fromBase64Url, toBase64Url, utf8 } from '../crypto/encoding.js';
import { randomId } from '../crypto/random.js';
import { securityEventReceiver } from '../security-event-receiver.js';

/** The fake transmitter's issuer. */
export const FAKE_TRANSMITTER_ISSUER = 'https://signals.test/';

/**
 * A transmitter in memory: `set(...)` mints a SET about a subject, `enqueue` queues it for
 * `poll`, which delivers each SET until it is acknowledged (RFC 8936 §2.4) and records every
 * `ack` and `setErrs`. Its "signature" is a digest keyed with a secret of its own, so a SET
 * changed after minting, or minted elsewhere, fails `verifySignature`.
 *
 * @group Test doubles
 */
export class FakeSecurityEventTransmitter implements SecurityEventTransmitter {
  /** The core's receiver, as every transmitter carries it. */
  readonly receiver = securityEventReceiver;
  /** `jti`s acknowledged by polls, repeats included. */
  readonly acknowledged: string[] = [];
  /** `setErrs` reported by polls. */
  readonly errors = new Map<
    string,
    {
      /** The error code. */
      err: string;
      /** Why, in words. */
      description: string;
    }
  >();
  /**
   * How a verification event is delivered: set it to push to the app (a scenario with push
   * delivery); unset, it is queued for {@link poll}.
   */
  deliver: ((set: string) => Promise<unknown>) | undefined;
  readonly #queue = new Map<string, string>();
  readonly #key = randomId();

  constructor(
    private readonly clock: Clock,
    /** The `aud` of the SETs it mints (the scenario app's client id). */
    readonly audience: string,
    /** Its issuer: every SET's `iss`. */
    readonly issuer = FAKE_TRANSMITTER_ISSUER,
  ) {}

  /** `critical_subject_members` of its metadata. */
  criticalSubjectMembers: readonly string[] = ['tenant'];

  async metadata(): Promise<TransmitterMetadata> {
    return { issuer: this.issuer, explicitTyping: true, criticalSubjectMembers: this.criticalSubjectMembers };
  }

  /**
   * A SET of `eventType` about `subject` (`sub_id`), `event` as its event object; `claims` and
   * `header` are merged last, to break a rule.
   */
  async set(
    eventType: string,
    subject: Record<string, unknown> | undefined,
    event: Record<string, unknown> = {},
    overrides: { claims?: Record<string, unknown>; header?: Record<string, unknown> } = {},
  ): Promise<{
    /** The SET's `jti`. */
    jti: string;
    /** The SET. */
    set: string;
  }> {
    const jti = randomId(12);
    const claims = {
      iss: this.issuer,
      aud: this.audience,
      iat: Math.floor(this.clock.now() / 1000),
      jti,
      ...(subject !== undefined && { sub_id: subject }),
      events: { [eventType]: event },
      ...overrides.claims,
    };
    const header = { alg: 'HS256', typ: 'secevent+jwt', ...overrides.header };
    const signed = `${encode(header)}.${encode(claims)}`;
    return { jti: String(claims.jti), set: `${signed}.${await this.digest(signed)}` };
  }

  /** SSF 1.0 §8.1.4.2: a verification event carrying `state`, pushed with `deliver` or queued. */
  async requestVerification(state: string): Promise<void> {
    const verification = await this.set(
      'https://schemas.openid.net/secevent/ssf/event-type/verification',
      { format: 'opaque', id: 'fake-stream' },
      { state },
    );
    if (this.deliver === undefined) this.enqueue(verification);
    else await this.deliver(verification.set);
  }

  /** Queues a SET for {@link poll}. */
  enqueue({ jti, set }: { jti: string; set: string }): void {
    this.#queue.set(jti, set);
  }

  /** SETs queued and not yet acknowledged. */
  get pending(): number {
    return this.#queue.size;
  }

  async verifySignature(
    jwt: string,
    refuse: (reason: string) => Error,
  ): Promise<{
    /** The JWS protected header. */
    protectedHeader: Record<string, unknown>;
    /** The payload bytes. */
    payload: Uint8Array;
  }> {
    const [header, payload, digest, extra] = jwt.split('.');
    if (!header || !payload || !digest || extra !== undefined) throw refuse('it is not a well-formed JWS');
    if (digest !== (await this.digest(`${header}.${payload}`))) throw refuse('the signature is not valid');
    const headerBytes = fromBase64Url(header);
    const payloadBytes = fromBase64Url(payload);
    if (!headerBytes || !payloadBytes) throw refuse('it is not a well-formed JWS');
    return { protectedHeader: JSON.parse(new TextDecoder().decode(headerBytes)), payload: payloadBytes };
  }

  async poll(request: SecurityEventPollRequest): Promise<SecurityEventPollResponse> {
    for (const jti of request.ack) {
      this.acknowledged.push(jti);
      this.#queue.delete(jti);
    }
    for (const [jti, error] of Object.entries(request.setErrs)) {
      this.errors.set(jti, error);
      this.#queue.delete(jti);
    }
    const sets = Object.fromEntries([...this.#queue].slice(0, request.maxEvents));
    return { sets, moreAvailable: this.#queue.size > Object.keys(sets).length };
  }

  private async digest(text: string): Promise<string> {
    const bytes = await crypto.subtle.digest('SHA-256', utf8.encode(`${this.#key}.${text}`));
    return toBase64Url(new Uint8Array(bytes));
  }
}

function encode(value: unknown): string {
  return toBase64Url(utf8.encode(JSON.stringify(value)));
}
