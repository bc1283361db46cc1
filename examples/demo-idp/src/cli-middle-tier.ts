// `--middle-tier <id>[:<secret>]@<api-url>` (or DEMO_IDP_MIDDLE_TIER): the middle-tier API of the
// chain web app → middle tier → downstream API, registered as a client that may exchange tokens
// (RFC 8693) and that gets the logouts of its users at <api-url>/back-channel-logout.
import type { DemoMiddleTier } from './middle-tier.js';

/** How `--middle-tier` reads; the message shows it. */
export const MIDDLE_TIER_SYNTAX = '<id>[:<secret>]@<api-url>';

/**
 * The middle tier the flag (or variable, `source`) names, its secret generated when left out; a
 * problem pushed, naming the flag, for each part that cannot be read.
 */
export function middleTierOf(
  setting: { readonly value: string; readonly source: string } | undefined,
  fapi: string | undefined,
  randomSecret: () => string,
  problems: string[],
): { readonly middleTier: DemoMiddleTier; readonly generatedSecret: boolean } | undefined {
  if (setting === undefined) return undefined;
  const { value, source } = setting;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    problems.push(`${source}: the middle tier's client id comes first: ${source} ${MIDDLE_TIER_SYNTAX}`);
    return undefined;
  }
  const at = value.lastIndexOf('@');
  const head = at === -1 ? value : value.slice(0, at);
  const colon = head.indexOf(':');
  const clientId = colon === -1 ? head : head.slice(0, colon);
  const secret = colon === -1 ? undefined : head.slice(colon + 1);
  const before = problems.length;
  if (fapi !== undefined)
    problems.push(`${source} cannot be used with ${fapi}: the middle tier exchanges with a secret`);
  if (!/^[\w.-]{1,64}$/.test(clientId)) {
    problems.push(
      `${source}: the middle tier's client id comes first, of letters, digits, ".", "_" or "-": ${source} ${MIDDLE_TIER_SYNTAX}`,
    );
  }
  // Never echoed (it may sit in a CI log); printable ASCII without shell characters, so the
  // commands the start message prints carry it as it is.
  if (secret !== undefined && (secret.length < 32 || !/^[\w.~+/=-]+$/.test(secret))) {
    problems.push(
      `${source}: the middle tier's secret (${secret.length} characters) must have at least 32 letters, digits or ".~+/=_-", without spaces, quotes or shell characters; leave it out to have one generated`,
    );
  }
  const url = at === -1 ? null : URL.parse(value.slice(at + 1));
  const local = url !== null && url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname);
  if (!local || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    problems.push(
      `${source}: the middle tier's URL must follow "@", an http origin on localhost or 127.0.0.1 without a path, such as ${source} middle-tier-api@http://127.0.0.1:4009 (its logouts go to <api-url>/back-channel-logout)`,
    );
  }
  if (problems.length > before || url === null) return undefined;
  return {
    middleTier: { clientId, clientSecret: secret ?? randomSecret(), baseUrl: url.origin },
    generatedSecret: secret === undefined,
  };
}
