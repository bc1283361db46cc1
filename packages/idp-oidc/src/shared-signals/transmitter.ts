// An OpenID Shared Signals transmitter as the core receives from it: its configuration metadata,
// the signature check of its Security Event Tokens against its keys, and RFC 8936 polling.
import {
  type Clock,
  checkOptionsObject,
  type FetchLike,
  httpsUrl,
  optionalBoolean,
  optionalClock,
  optionalFunction,
  optionalNumber,
  optionalString,
  requiredString,
  type SecurityEventPollRequest,
  type SecurityEventPollResponse,
  type SecurityEventTransmitter,
  type ShapeOf,
  type TransmitterMetadata,
} from '@identity-web/core/provider';
import { compactVerify } from 'jose';
import { idpError, idpUnavailable } from '../errors.js';
import { fetchKeySet, JwksCache } from '../http/jwks.js';
import { endpointUrl } from '../http/secure-url.js';
import { boundedFetch, describeUrl } from '../http/transport.js';
import { ASYMMETRIC_ALGORITHMS } from '../signatures/algorithm-options.js';
import { signatureFailure } from '../signatures/jose-reasons.js';

/** Options of {@link sharedSignalsTransmitter}. */
export interface SharedSignalsTransmitterOptions {
  /**
   * The transmitter's issuer, exactly as its SETs' `iss` (`https://accounts.google.com/` for
   * Google's Cross-Account Protection). Its metadata is read from
   * `/.well-known/ssf-configuration` (SSF 1.0 §7.2), else `/.well-known/risc-configuration`.
   */
  issuer: string;
  /**
   * Poll delivery: the stream's poll endpoint (the `endpoint_url` of its `urn:ietf:rfc:8936`
   * delivery, SSF 1.0 §6.1.2). Required for `sharedSignals.delivery: 'poll'`.
   */
  pollEndpoint?: string;
  /**
   * The bearer token for the poll endpoint (SSF 1.0 §7.1.1: the transmitter's authorization
   * scheme, most often an OAuth client-credentials token), asked for before each poll, e.g.
   * `async () => (await identity.acquireTokenForApp('ssf.read')).token`. Default: no header.
   */
  accessToken?: () => Promise<string>;
  /** Seconds the metadata and keys are kept before they are fetched again. Default 3600. */
  metadataTtlSeconds?: number;
  /** Milliseconds any request to the transmitter may take. Default 10000. */
  timeoutMs?: number;
  /** Plain http to localhost only, for a transmitter in a test. Default `false`. */
  allowInsecureRequests?: boolean;
  /** The fetch to use. Default `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** The time source of the caches. Default: the system clock. */
  clock?: Clock;
}

const OPTION_SHAPE: ShapeOf<SharedSignalsTransmitterOptions> = {
  issuer: true,
  pollEndpoint: true,
  accessToken: true,
  metadataTtlSeconds: true,
  timeoutMs: true,
  allowInsecureRequests: true,
  fetch: true,
  clock: true,
};

/** After a failed metadata fetch, the failure is answered again for this long without a request. */
const FAILED_METADATA_FLOOR_MS = 5_000;

interface Loaded {
  readonly metadata: TransmitterMetadata;
  readonly jwksUri: string;
  readonly expiresAt: number;
}

/**
 * A Shared Signals transmitter for `createIdentityWeb({ sharedSignals: { transmitter } })`: its
 * configuration metadata (SSF 1.0 §7), fetched and checked against `issuer` (SSF 1.0 §7.2.3);
 * each SET's signature checked against its `jwks_uri` with asymmetric algorithms only (never
 * `none`, never an HMAC); and, with `pollEndpoint`, RFC 8936 polls. Edge-safe: fetch and Web Crypto.
 *
 * @example
 * ```ts
 * import { sharedSignalsTransmitter } from '@identity-web/oidc';
 *
 * // Google's Cross-Account Protection (RISC): SETs pushed to https://app.example.com/auth/security-events
 * const transmitter = sharedSignalsTransmitter({ issuer: 'https://accounts.google.com/' });
 * ```
 *
 * @see https://openid.net/specs/openid-sharedsignals-framework-1_0.html
 */
export function sharedSignalsTransmitter(options: SharedSignalsTransmitterOptions): SecurityEventTransmitter {
  checkOptionsObject(options, OPTION_SHAPE, 'sharedSignalsTransmitter');
  const allowInsecure = optionalBoolean(options.allowInsecureRequests, 'allowInsecureRequests', false);
  const issuer = httpsUrl(requiredString(options.issuer, 'issuer'), 'issuer', { loopbackHttp: allowInsecure });
  const issuerText = options.issuer;
  const pollText = optionalString(options.pollEndpoint, 'pollEndpoint');
  const pollEndpoint =
    pollText === undefined ? undefined : httpsUrl(pollText, 'pollEndpoint', { loopbackHttp: allowInsecure }).href;
  const accessToken = optionalFunction(options.accessToken, 'accessToken');
  const ttlMs = optionalNumber(options.metadataTtlSeconds, 'metadataTtlSeconds', 3600, { min: 1, max: 86_400 }) * 1000;
  const timeoutMs = optionalNumber(options.timeoutMs, 'timeoutMs', 10_000, { min: 1, max: 120_000 });
  const clock = optionalClock(options.clock);
  const fetchImpl = optionalFunction(options.fetch, 'fetch') ?? ((url, init) => globalThis.fetch(url, init));
  const fetch = boundedFetch(fetchImpl, timeoutMs);
  const jwks = new JwksCache(clock, ttlMs, (uri) => fetchKeySet(fetch, uri));

  let loaded: Loaded | undefined;
  let pending: Promise<Loaded> | undefined;
  let failed: { at: number; error: unknown } | undefined;

  async function load(): Promise<Loaded> {
    if (loaded !== undefined && clock.now() < loaded.expiresAt) return loaded;
    if (failed !== undefined && clock.now() < failed.at + FAILED_METADATA_FLOOR_MS) throw failed.error;
    pending ??= fetchMetadata(fetch, issuer, issuerText, allowInsecure)
      .then((found) => {
        loaded = { ...found, expiresAt: clock.now() + ttlMs };
        failed = undefined;
        return loaded;
      })
      .catch((error: unknown) => {
        failed = { at: clock.now(), error };
        throw error;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  const transmitter: SecurityEventTransmitter = {
    metadata: async () => (await load()).metadata,
    async verifySignature(jwt: string, refuse: (reason: string, cause?: unknown) => Error) {
      const { jwksUri } = await load();
      try {
        return await compactVerify(jwt, jwks.keySet(jwksUri, 'logout-token'), {
          algorithms: [...ASYMMETRIC_ALGORITHMS],
        });
      } catch (error) {
        throw signatureFailure(error, jwksUri, refuse);
      }
    },
  };
  if (pollEndpoint === undefined) return transmitter;
  return {
    ...transmitter,
    poll: (request) => poll(fetch, pollEndpoint, request, accessToken),
  };
}

/**
 * SSF 1.0 §7.2: `/.well-known/ssf-configuration` inserted between the issuer's host and path;
 * a RISC transmitter's `/.well-known/risc-configuration` when there is none (§7.2.2). The
 * document's `issuer` must be the configured one exactly, and its `jwks_uri` https.
 */
async function fetchMetadata(
  fetch: FetchLike,
  issuer: URL,
  issuerText: string,
  allowInsecure: boolean,
): Promise<Omit<Loaded, 'expiresAt'>> {
  const path = issuer.pathname === '/' ? '' : issuer.pathname.replace(/\/$/, '');
  let document: Record<string, unknown> | undefined;
  let explicitTyping = true;
  for (const name of ['ssf-configuration', 'risc-configuration']) {
    const url = `${issuer.origin}/.well-known/${name}${path}`;
    const response = await fetch(url, { method: 'GET', redirect: 'manual', headers: { accept: 'application/json' } });
    if (response.status === 404) continue;
    if (response.status !== 200) {
      const message = `the transmitter's ${describeUrl(url)} answered HTTP ${response.status}`;
      throw response.status >= 500 ? idpUnavailable(message) : idpError(message);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw idpError(`the transmitter's ${describeUrl(url)} is not a JSON object`);
    }
    document = body as Record<string, unknown>;
    explicitTyping = name === 'ssf-configuration';
    break;
  }
  if (document === undefined) {
    throw idpError(`${issuer.origin} publishes neither /.well-known/ssf-configuration nor risc-configuration`);
  }
  if (document.issuer !== issuerText) {
    throw idpError(
      `the transmitter's metadata names the issuer ${JSON.stringify(String(document.issuer).slice(0, 200))}, not ${issuerText}: give sharedSignalsTransmitter the issuer exactly as it is there`,
    );
  }
  const jwksUri = endpointUrl(document.jwks_uri, 'jwks_uri', allowInsecure).href;
  const critical = document.critical_subject_members;
  return {
    jwksUri,
    metadata: {
      issuer: issuerText,
      explicitTyping,
      criticalSubjectMembers: Array.isArray(critical) ? critical.filter((m) => typeof m === 'string') : [],
    },
  };
}

/** RFC 8936 §2.4–2.5: one poll request and its checked response. */
async function poll(
  fetch: FetchLike,
  endpoint: string,
  request: SecurityEventPollRequest,
  accessToken: (() => Promise<string>) | undefined,
): Promise<SecurityEventPollResponse> {
  const body: Record<string, unknown> = { maxEvents: request.maxEvents, returnImmediately: true };
  if (request.ack.length > 0) body.ack = request.ack;
  if (Object.keys(request.setErrs).length > 0) body.setErrs = request.setErrs;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (accessToken !== undefined) headers.authorization = `Bearer ${await accessToken()}`;
  const response = await fetch(endpoint, { method: 'POST', redirect: 'manual', headers, body: JSON.stringify(body) });
  if (response.status !== 200) {
    const message = `the transmitter's poll endpoint ${describeUrl(endpoint)} answered HTTP ${response.status}`;
    throw response.status >= 500 || response.status === 429 ? idpUnavailable(message) : idpError(message);
  }
  const answer: unknown = await response.json().catch(() => undefined);
  const sets = (answer as { sets?: unknown } | undefined)?.sets;
  if (
    typeof sets !== 'object' ||
    sets === null ||
    Array.isArray(sets) ||
    Object.values(sets).some((set) => typeof set !== 'string')
  ) {
    throw idpError(`the transmitter's poll endpoint ${describeUrl(endpoint)} answered no "sets" object`);
  }
  return {
    sets: sets as Record<string, string>,
    moreAvailable: (answer as { moreAvailable?: unknown }).moreAvailable === true,
  };
}
