import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessTokenVerifier, DPOP_ALGORITHMS, type Refusal, type Scheme } from './access-token-verifier.js';

export interface DownstreamApiOptions {
  /** The IdP whose access tokens are accepted, exactly as its discovery document spells it. */
  readonly issuer?: string;
  /**
   * Instead of `issuer`: several IdPs whose access tokens are accepted, each verified with its own
   * keys (a token's `iss` says whose; a token naming one issuer and signed by another is refused).
   */
  readonly issuers?: readonly string[];
  /** This API's resource indicator, the `aud` of its tokens. Default `api://identity-web-demo`. */
  readonly audience?: string;
  /** A token must carry one of these. Default `['api:read', 'api:write']`. */
  readonly scopes?: readonly string[];
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Refuse `Bearer` tokens: every token must come with a DPoP proof (RFC 9449), and a `Bearer`
   * request is answered with a `DPoP` challenge. Default false: both schemes are accepted.
   */
  readonly requireDpop?: boolean;
  /**
   * Require in every DPoP proof a nonce the API issued (RFC 9449 §9), sent in the `DPoP-Nonce`
   * header of each answer; a proof without it gets 401 `use_dpop_nonce`. Default false.
   */
  readonly dpopNonce?: boolean;
}

export interface DownstreamApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The endpoint the apps call: `GET <url>/whoami`. */
  readonly whoamiUrl: string;
  close(): Promise<void>;
}

const REALM = 'identity-web-demo-api';

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '')}"`;
}

/**
 * RFC 6750 §3 and RFC 9449 §7.1: one challenge per scheme, saying what went wrong; no body detail
 * beyond the same words. A `DPoP` challenge names the proof algorithms the API accepts (`algs`).
 */
function refuse(res: ServerResponse, refusal: Refusal, scopes: readonly string[]): void {
  if (refusal.status === 503) {
    json(res, 503, { error: 'temporarily_unavailable' });
    return;
  }
  if (refusal.status === 429) {
    // A client over its share of the replay memory: no challenge, the token and proof were fine.
    res.setHeader('retry-after', '60');
    json(res, 429, { error: 'too_many_requests', error_description: refusal.description });
    return;
  }
  const challenges = refusal.schemes.map((scheme) => challenge(scheme, refusal, scopes));
  res.setHeader('www-authenticate', challenges);
  json(res, refusal.status, { error: refusal.error ?? 'unauthorized', error_description: refusal.description });
}

function challenge(scheme: Scheme, refusal: Refusal, scopes: readonly string[]): string {
  const params = [`realm=${quoted(REALM)}`];
  if (refusal.error !== undefined) params.push(`error=${quoted(refusal.error)}`);
  if (refusal.description !== undefined) params.push(`error_description=${quoted(refusal.description)}`);
  if (refusal.error === 'insufficient_scope') params.push(`scope=${quoted(scopes.join(' '))}`);
  if (scheme === 'DPoP') params.push(`algs=${quoted(DPOP_ALGORITHMS.join(' '))}`);
  return `${scheme} ${params.join(', ')}`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** `issuer`, or the list `issuers`: one of the two, each an absolute http(s) URL. */
function trustedIssuers(options: DownstreamApiOptions): readonly string[] {
  const { issuer, issuers } = options;
  if ((issuer === undefined) === (issuers === undefined)) {
    throw new TypeError('startDownstreamApi: set one of "issuer" and "issuers"');
  }
  const list: readonly unknown[] = issuers ?? [issuer];
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError('startDownstreamApi: "issuers" must be a non-empty list of issuers');
  }
  list.forEach((entry, i) => {
    const url = typeof entry === 'string' ? URL.parse(entry) : null;
    if (url === null || !/^https?:$/.test(url.protocol)) {
      const option = issuers === undefined ? 'issuer' : `issuers[${i}]`;
      throw new TypeError(`startDownstreamApi: "${option}" must be an absolute http(s) URL`);
    }
  });
  return [...new Set(list as readonly string[])];
}

/**
 * The downstream web API of the examples. `GET /whoami` with a valid access token of the IdP
 * answers `{ sub, scope, client_id }`: which user, with which permissions, through which app.
 * The token comes as `Bearer` (RFC 6750) or, bound to the client's key, as `DPoP` with a proof
 * (RFC 9449); `requireDpop` and `dpopNonce` make DPoP, and a nonce in each proof, mandatory.
 *
 * @example
 * const api = await startDownstreamApi({ issuer: idp.issuer }); // or issuers: [idp.issuer, partner.issuer]
 * // DOWNSTREAM_API_URL=api.whoamiUrl
 */
export async function startDownstreamApi(options: DownstreamApiOptions): Promise<DownstreamApi> {
  const issuers = trustedIssuers(options);
  const scopes = options.scopes ?? ['api:read', 'api:write'];
  const verifier = new AccessTokenVerifier({
    issuers,
    audience: options.audience ?? 'api://identity-web-demo',
    scopes,
    requireDpop: options.requireDpop ?? false,
    dpopNonce: options.dpopNonce ?? false,
  });
  let url = ''; // known once listening, before the first request
  const server = createServer(async (req, res) => {
    // Path and query only: an absolute-form request target (`GET http://elsewhere/whoami`) must
    // not choose the URL a proof's `htu` is compared with.
    const target = new URL(req.url ?? '/', 'http://api.invalid');
    if (target.pathname !== '/whoami') return json(res, 404, { error: 'not_found' });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { error: 'method_not_allowed' });
    }
    const verdict = await verifier.verify({
      authorization: req.headers.authorization,
      dpop: req.headersDistinct.dpop,
      method: req.method,
      url: `${url}${target.pathname}${target.search}`,
    });
    // RFC 9449 §8.2, §9: the current nonce on every answer, so a client has it before it needs it.
    const nonce = verifier.dpopNonce();
    if (nonce !== undefined) res.setHeader('dpop-nonce', nonce);
    if ('refusal' in verdict) return refuse(res, verdict.refusal, scopes);
    json(res, 200, verdict.caller);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    whoamiUrl: `${url}/whoami`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
