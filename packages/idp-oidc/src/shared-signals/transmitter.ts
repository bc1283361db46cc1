// An OpenID Shared Signals transmitter as the core receives from it: its configuration metadata,
// the signature check of its Security Event Tokens against its keys, and RFC 8936 polling.

import {
  checkOptionsObject,
  httpsUrl,
  JwksCache,
  optionalBoolean,
  optionalClock,
  optionalFunction,
  optionalNumber,
  optionalString,
  requiredString,
} from '@identity-web/core/provider';
import { securityEventReceiver } from '@identity-web/core/shared-signals';
import { compactVerify, errors } from 'jose';
import { idpError, idpUnavailable } from '../errors.js';
import { boundedFetch } from '../http/transport.js';
import { ASYMMETRIC_ALGORITHMS } from '../signatures/algorithm-options.js';
import { signatureFailure } from '../signatures/jose-reasons.js';
import { fetchMetadata, type LoadedMetadata } from './metadata.js';
import { adoptedPollEndpoint } from './poll-endpoint.js';
import {
  poll,
  requestVerification,
  type SharedSignalsStream,
  type StreamCalls,
  streamConfiguration,
  streamStatus,
} from './streams.js';
import {
  EVENTS_ACTED_ON,
  OPTION_SHAPE,
  type SharedSignalsTransmitter,
  type SharedSignalsTransmitterOptions,
} from './transmitter-types.js';

/** After a failed metadata fetch, the failure is answered again for this long without a request. */
const FAILED_METADATA_FLOOR_MS = 5_000;

interface Loaded extends LoadedMetadata {
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
 *
 * @group Shared Signals
 */
export function sharedSignalsTransmitter(options: SharedSignalsTransmitterOptions): SharedSignalsTransmitter {
  checkOptionsObject(options, OPTION_SHAPE, 'sharedSignalsTransmitter');
  const allowInsecure = optionalBoolean(options.allowInsecureRequests, 'allowInsecureRequests', false);
  const insecure = {
    loopbackHttp: allowInsecure,
    allowedBy: 'sharedSignalsTransmitter({ allowInsecureRequests: true })',
  };
  const issuer = httpsUrl(requiredString(options.issuer, 'issuer'), 'issuer', insecure);
  const issuerText = options.issuer;
  const pollText = optionalString(options.pollEndpoint, 'pollEndpoint');
  let pollEndpoint = pollText === undefined ? undefined : httpsUrl(pollText, 'pollEndpoint', insecure).href;
  let streamId = optionalString(options.streamId, 'streamId');
  const accessToken = optionalFunction(options.accessToken, 'accessToken');
  const ttlMs = optionalNumber(options.metadataTtlSeconds, 'metadataTtlSeconds', 3600, { min: 1, max: 86_400 }) * 1000;
  const timeoutMs = optionalNumber(options.timeoutMs, 'timeoutMs', 10_000, { min: 1, max: 120_000 });
  const clock = optionalClock(options.clock);
  const fetchImpl = optionalFunction(options.fetch, 'fetch') ?? ((url, init) => globalThis.fetch(url, init));
  const fetch = boundedFetch(fetchImpl, timeoutMs);
  const jwks = new JwksCache(clock, ttlMs, fetch);

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

  const calls: StreamCalls = { fetch, accessToken };
  const endpoint = async (name: 'configurationEndpoint' | 'statusEndpoint' | 'verificationEndpoint') => {
    const url = (await load())[name];
    if (url === undefined) throw idpError(`the transmitter's metadata has no ${name}: it offers no stream management`);
    return url;
  };
  const stream = (given: string | undefined, what: string) => {
    const id = given ?? streamId;
    if (id === undefined)
      throw idpError(`${what} needs a stream: give sharedSignalsTransmitter a streamId, or createStream()`);
    return id;
  };
  const adopt = async (found: SharedSignalsStream): Promise<SharedSignalsStream> => {
    if (found.delivery.method === 'poll' && found.delivery.endpointUrl !== undefined) {
      const trusted = { issuer, metadata: await load(), configured: pollText };
      pollEndpoint = adoptedPollEndpoint(found.delivery.endpointUrl, trusted, allowInsecure);
    }
    streamId = found.streamId;
    return found;
  };
  return {
    // The core's receiver comes with the transmitter: an app that configures none bundles none of it.
    receiver: securityEventReceiver,
    metadata: async () => (await load()).metadata,
    async verifySignature(jwt: string, refuse: (reason: string, cause?: unknown) => Error) {
      const { jwksUri } = await load();
      try {
        return await compactVerify(jwt, jwks.keySet(jwksUri, 'logout-token'), {
          algorithms: [...ASYMMETRIC_ALGORITHMS],
        });
      } catch (error) {
        // No key of the transmitter's set matches (after the refetch the cache allows): its keys
        // may be rotating. A 503 has a push retried and a polled SET left for the next round, so a
        // genuine SET signed with a key not yet published, or met while forged `kid`s hold the
        // refetch back, is never refused for good.
        if (error instanceof errors.JWKSNoMatchingKey) {
          throw idpUnavailable(`no key of the transmitter's JWKS ${jwksUri} matches the SET's header (yet): try again`);
        }
        throw signatureFailure(error, jwksUri, refuse);
      }
    },
    async poll(request) {
      if (pollEndpoint === undefined) throw idpError('no poll endpoint: give sharedSignalsTransmitter a pollEndpoint');
      return poll(calls, pollEndpoint, request);
    },
    async requestVerification(state) {
      const id = stream(undefined, 'requestVerification');
      await requestVerification(calls, await endpoint('verificationEndpoint'), id, state);
    },
    async createStream(request) {
      const events = request.eventsRequested ?? EVENTS_ACTED_ON;
      const created = await streamConfiguration(calls, await endpoint('configurationEndpoint'), issuerText, {
        create: { ...request, eventsRequested: events },
      });
      return adopt(created);
    },
    async readStream(id) {
      const found = await streamConfiguration(calls, await endpoint('configurationEndpoint'), issuerText, {
        read: stream(id, 'readStream'),
      });
      return id === undefined ? adopt(found) : found;
    },
    async streamStatus(id) {
      return streamStatus(calls, await endpoint('statusEndpoint'), stream(id, 'streamStatus'));
    },
  };
}
