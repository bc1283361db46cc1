// What `pnpm demo:idp --middle-tier` prints of the middle tier: its registration, how to run
// examples/middle-tier-api against it, and what an app asks for to call it.
import type { ShownCli, ShownIdp } from './start-message.js';

/** The middle tier's lines of the start message; none without `--middle-tier`. */
export function middleTierLines(first: ShownIdp | undefined, cli: ShownCli): string[] {
  const middle = cli.options.middleTier;
  const shown = first?.idp.middleTier;
  if (middle === undefined || first === undefined || shown === undefined) return [];
  const { issuer, api } = first.idp;
  const port = new URL(middle.baseUrl).port || '80';
  const generated = cli.generatedSecrets.includes(middle.clientId) ? '   (generated for this run)' : '';
  const line = (label: string, value: string) => `  ${label.padEnd(24)}  ${value}`;
  return [
    '',
    `Middle tier ${middle.clientId} (examples/middle-tier-api; docs/web-apis.md, "Calling further APIs on behalf of the user")`,
    line('client secret', `${middle.clientSecret}${generated}`),
    line('its resource and scopes', `${shown.resource}, ${shown.scopes.join(' ')}`),
    line('exchanges for', `${api.resource} (${api.scopes.join(' ')}), the downstream API, by RFC 8693 token exchange`),
    line('back-channel logout URI', `${middle.baseUrl}/back-channel-logout`),
    '',
    '  Run it (and the downstream API, examples/downstream-api, on port 4001):',
    `    API_ISSUER=${issuer} PORT=4001 pnpm --filter @identity-web-examples/downstream-api start`,
    `    MIDDLE_TIER_ISSUER=${issuer} MIDDLE_TIER_CLIENT_ID=${middle.clientId} \\`,
    `    MIDDLE_TIER_CLIENT_SECRET=${middle.clientSecret} MIDDLE_TIER_SECRET=<32+ random characters> \\`,
    `    DOWNSTREAM_API_URL=http://127.0.0.1:4001/whoami PORT=${port} pnpm --filter @identity-web-examples/middle-tier-api start`,
    '',
    '  An app calls it with a token for its resource:',
    `    downstreamApis: { middle: downstreamApi({ baseUrl: '${middle.baseUrl}', scopes: ['${shown.scopes[0]}'], resource: '${shown.resource}' }) }`,
    "    then auth.callApi('middle', '/chain')",
  ];
}
