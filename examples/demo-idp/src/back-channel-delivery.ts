// Back-channel logout delivery: oidc-provider's outgoing requests, to the registered apps on 127.0.0.1 only.
import { createSign, type KeyObject } from 'node:crypto';
import { request } from 'node:http';

interface FetchOptions {
  readonly body?: unknown;
  readonly headers?: Headers;
  readonly signal?: AbortSignal;
}

/**
 * oidc-provider's `fetch` option. Its default fetch refuses loopback addresses (SSRF protection),
 * which is right for a real OP and wrong for a demo whose apps all run on 127.0.0.1. This one
 * delivers only to the registered back-channel logout URIs and refuses every other outgoing call
 * (client JWKS, sector identifiers, request URIs), so the demo IdP can still reach nothing else.
 *
 * With `deliver` false the logout token is dropped here and a 204 pretended: the clients stay
 * registered for back-channel logout because that is what makes oidc-provider put `sid` in their
 * ID tokens, which front-channel logout needs too.
 */
export function backChannelFetch(
  allowed: ReadonlySet<string>,
  deliver: boolean,
  log: (line: string) => void,
  withoutExp?: KeyObject,
) {
  return async (url: string, options: FetchOptions): Promise<Response> => {
    if (!allowed.has(url) || !(options.body instanceof URLSearchParams)) {
      throw new TypeError('the demo IdP only POSTs logout tokens to registered back-channel logout URIs');
    }
    if (!deliver) {
      log(`back-channel logout is switched off: nothing sent to ${url}`);
      return new Response(null, { status: 204 });
    }
    const form = new URLSearchParams(options.body);
    const token = form.get('logout_token');
    if (withoutExp !== undefined && token !== null) form.set('logout_token', resignWithoutExp(token, withoutExp));
    return postForm(new URL(url), form, options.signal);
  };
}

/**
 * The logout token as a provider built before errata set 1 of OIDC Back-Channel Logout 1.0
 * sends it: the same claims but `exp`, signed again with the provider's key — RS256 with an RSA
 * key, ES256 with an EC P-256 one (FAPI 2.0 mode), as the original header says.
 */
export function resignWithoutExp(token: string, key: KeyObject): string {
  const [header = '', payload = ''] = token.split('.');
  const { exp: _exp, ...claims } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  // JWS ES256 is the raw r || s pair (RFC 7518 §3.4), not DER.
  const signature =
    key.asymmetricKeyType === 'ec'
      ? createSign('SHA256').update(input).sign({ key, dsaEncoding: 'ieee-p1363' })
      : createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * One real HTTP/1.1 POST. The connection always goes to 127.0.0.1 (an app registered as
 * `localhost` listens there too), and `Host` keeps the registered name.
 */
function postForm(url: URL, form: URLSearchParams, signal: AbortSignal | undefined): Promise<Response> {
  const body = form.toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port || 80,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          host: url.host,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
        ...(signal === undefined ? {} : { signal }),
      },
      (res) => {
        res.resume(); // the status is all oidc-provider looks at
        res.on('end', () => resolve(new Response(null, { status: res.statusCode ?? 502 })));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
