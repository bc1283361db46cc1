/**
 * One request the scenario API received.
 *
 * @group Scenarios
 */
export interface ScenarioApiCall {
  /** The request's HTTP method (`GET`, `POST`, ...). */
  readonly method: string;
  /** Path and query, as the API saw them. */
  readonly path: string;
  /** The bearer token sent, or `null`. */
  readonly token: string | null;
  /** The request body as text; `''` when there was none. */
  readonly body: string;
}

/**
 * The downstream web API of the shared scenarios, on Request/Response only: it records every
 * call and answers 200 JSON `{ method, path, body }` (never the token), unless `intercept`
 * answers first — with a 401 challenge, say. Adapters may serve it over real HTTP on 127.0.0.1.
 *
 * @group Scenarios
 */
export class ScenarioApi {
  /** Every call received, oldest first, intercepted ones included. */
  readonly calls: ScenarioApiCall[] = [];
  /** Answers a call instead of the default; `undefined` lets it through. */
  intercept: ((call: ScenarioApiCall) => Response | undefined) | undefined;

  /** Records `request` and answers it; a bound function, to hand to a server as it is. */
  readonly handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const authorization = request.headers.get('authorization');
    const call: ScenarioApiCall = {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      token: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null,
      body: await request.text(),
    };
    this.calls.push(call);
    return this.intercept?.(call) ?? Response.json({ method: call.method, path: call.path, body: call.body });
  };
}

/** A 401 with an RFC 6750 §3 `Bearer` challenge carrying `params`. */
export function bearerChallengeResponse(params: Record<string, string>, status = 401): Response {
  const challenge = Object.entries(params)
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ');
  return new Response(null, { status, headers: { 'www-authenticate': `Bearer realm="api", ${challenge}` } });
}
