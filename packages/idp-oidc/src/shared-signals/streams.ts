// A Shared Signals stream as the receiver uses it: RFC 8936 polls, and the SSF 1.0 §8 management
// API (create and read the stream, its status, a verification request), each with the bearer token.
import {
  type FetchLike,
  providerFailure,
  type SecurityEventPollRequest,
  type SecurityEventPollResponse,
} from '@identity-web/core/provider';
import { idpError } from '../errors.js';
import { describeUrl } from '../http/transport.js';

/**
 * What `createStream` sends (SSF 1.0 §8.1.1.1): the receiver-supplied part of a stream.
 *
 * @group Shared Signals
 */
export interface StreamRequest {
  /** How SETs reach the app (SSF 1.0 §6.1). */
  readonly delivery:
    | {
        /** RFC 8935: the transmitter POSTs each SET to `endpointUrl`, the app's `{basePath}/security-events`. */
        readonly method: 'push';
        /** The app's push endpoint. */
        readonly endpointUrl: string;
        /** The `Authorization` header value the transmitter sends with each push (`sharedSignals.push.authorization`). */
        readonly authorizationHeader?: string;
      }
    | {
        /** RFC 8936: the app polls `endpointUrl`, which the transmitter gives. */
        readonly method: 'poll';
        /** The transmitter's poll endpoint, which it gives. */
        readonly endpointUrl?: string;
      };
  /** The event type URIs to ask for. Default: every type identity-web acts on. */
  readonly eventsRequested?: readonly string[];
  /** A description for people at the transmitter. */
  readonly description?: string;
}

/**
 * A stream's configuration, as the transmitter answers it (SSF 1.0 §8.1.1).
 *
 * @group Shared Signals
 */
export interface SharedSignalsStream {
  /** The transmitter's `stream_id`. */
  readonly streamId: string;
  /** The transmitter's issuer: checked to be the configured one. */
  readonly iss: string;
  /** The audience its SETs carry: give it to `sharedSignals.audience` when it is not the client id. */
  readonly aud: readonly string[];
  /** The event types the transmitter will send. */
  readonly eventsDelivered: readonly string[];
  /** How SETs reach the app. */
  readonly delivery: StreamRequest['delivery'];
}

/** What the calls of one transmitter share. */
export interface StreamCalls {
  readonly fetch: FetchLike;
  readonly accessToken: (() => Promise<string>) | undefined;
}

async function call(
  calls: StreamCalls,
  url: string,
  what: string,
  init: { method: 'GET' | 'POST'; body?: unknown },
  expected: number,
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (calls.accessToken !== undefined) headers.authorization = `Bearer ${await calls.accessToken()}`;
  const response = await calls.fetch(url, {
    method: init.method,
    redirect: 'manual',
    headers,
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  if (response.status !== expected) {
    const message = `the transmitter's ${what} ${describeUrl(url)} answered HTTP ${response.status}`;
    throw providerFailure(response.status, message);
  }
  if (expected === 204) return undefined;
  const body: unknown = await response.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw idpError(`the transmitter's ${what} ${describeUrl(url)} answered no JSON object`);
  }
  return body;
}

/** RFC 8936 §2.4–2.5: one poll request and its checked response. */
export async function poll(
  calls: StreamCalls,
  endpoint: string,
  request: SecurityEventPollRequest,
): Promise<SecurityEventPollResponse> {
  const body: Record<string, unknown> = { maxEvents: request.maxEvents, returnImmediately: true };
  if (request.ack.length > 0) body.ack = request.ack;
  if (Object.keys(request.setErrs).length > 0) body.setErrs = request.setErrs;
  const answer = (await call(calls, endpoint, 'poll endpoint', { method: 'POST', body }, 200)) as {
    sets?: unknown;
    moreAvailable?: unknown;
  };
  const sets = answer.sets;
  if (
    typeof sets !== 'object' ||
    sets === null ||
    Array.isArray(sets) ||
    Object.values(sets).some((set) => typeof set !== 'string')
  ) {
    throw idpError(`the transmitter's poll endpoint ${describeUrl(endpoint)} answered no "sets" object`);
  }
  return { sets: sets as Record<string, string>, moreAvailable: answer.moreAvailable === true };
}

/** SSF 1.0 §8.1.1.1 (POST) and §8.1.1.2 (GET): a stream's configuration, checked. */
export async function streamConfiguration(
  calls: StreamCalls,
  endpoint: string,
  issuer: string,
  request: { create: StreamRequest } | { read: string },
): Promise<SharedSignalsStream> {
  let answer: Record<string, unknown>;
  if ('create' in request) {
    const { delivery, eventsRequested, description } = request.create;
    const body = {
      delivery: {
        method: delivery.method === 'push' ? 'urn:ietf:rfc:8935' : 'urn:ietf:rfc:8936',
        ...(delivery.method === 'push' && {
          endpoint_url: delivery.endpointUrl,
          ...(delivery.authorizationHeader !== undefined && { authorization_header: delivery.authorizationHeader }),
        }),
      },
      events_requested: eventsRequested,
      ...(description !== undefined && { description }),
    };
    answer = (await call(calls, endpoint, 'configuration endpoint', { method: 'POST', body }, 201)) as Record<
      string,
      unknown
    >;
  } else {
    const url = `${endpoint}${endpoint.includes('?') ? '&' : '?'}stream_id=${encodeURIComponent(request.read)}`;
    answer = (await call(calls, url, 'configuration endpoint', { method: 'GET' }, 200)) as Record<string, unknown>;
  }
  // SSF 1.0 §8.1.1.1: the stream must be the configured transmitter's.
  if (answer.iss !== issuer) throw idpError(`the transmitter answered a stream of another issuer, not ${issuer}`);
  if (typeof answer.stream_id !== 'string' || answer.stream_id === '') {
    throw idpError('the transmitter answered a stream without "stream_id"');
  }
  const delivery = (answer.delivery ?? {}) as { method?: unknown; endpoint_url?: unknown };
  const endpointUrl = typeof delivery.endpoint_url === 'string' ? delivery.endpoint_url : undefined;
  const strings = (value: unknown) =>
    (typeof value === 'string' ? [value] : Array.isArray(value) ? value : []).filter((v) => typeof v === 'string');
  return {
    streamId: answer.stream_id,
    iss: issuer,
    aud: strings(answer.aud),
    eventsDelivered: strings(answer.events_delivered),
    delivery:
      delivery.method === 'urn:ietf:rfc:8935'
        ? { method: 'push', endpointUrl: endpointUrl ?? '' }
        : { method: 'poll', ...(endpointUrl !== undefined && { endpointUrl }) },
  };
}

/** SSF 1.0 §8.1.2.1: the stream's status (`enabled`, `paused`, `disabled`) and the reason given. */
export async function streamStatus(
  calls: StreamCalls,
  endpoint: string,
  streamId: string,
): Promise<{ status: string; reason?: string }> {
  const url = `${endpoint}${endpoint.includes('?') ? '&' : '?'}stream_id=${encodeURIComponent(streamId)}`;
  const answer = (await call(calls, url, 'status endpoint', { method: 'GET' }, 200)) as Record<string, unknown>;
  if (typeof answer.status !== 'string') throw idpError('the transmitter answered a stream status without "status"');
  return { status: answer.status, ...(typeof answer.reason === 'string' && { reason: answer.reason }) };
}

/** SSF 1.0 §8.1.4.2: asks for a verification event carrying `state`; 204 expected. */
export async function requestVerification(
  calls: StreamCalls,
  endpoint: string,
  streamId: string,
  state: string,
): Promise<void> {
  await call(calls, endpoint, 'verification endpoint', { method: 'POST', body: { stream_id: streamId, state } }, 204);
}
