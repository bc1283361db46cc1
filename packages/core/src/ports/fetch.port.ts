// The outbound HTTP port: what the core and the identity-provider packages call to reach a server.
/**
 * A `fetch`-compatible function; only what `callApi` uses is required.
 *
 * @group Setup
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
