// The demo IdP's Shared Signals transmitter: SSF metadata and keys at `<issuer>/ssf`, and a page,
// `/ssf/send`, that pushes a CAEP or RISC event about a user to every registered app.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SsfTransmitter } from '@identity-web/oidc/testing';
import type { RegisteredClient } from './options.js';
import { escapeHtml, page } from './pages.js';

/** The events the page offers, by the label it shows. */
const EVENTS = {
  'session revoked (CAEP)': 'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
  'credential change (CAEP)': 'https://schemas.openid.net/secevent/caep/event-type/credential-change',
  'token claims change (CAEP)': 'https://schemas.openid.net/secevent/caep/event-type/token-claims-change',
  'account disabled (RISC)': 'https://schemas.openid.net/secevent/risc/event-type/account-disabled',
} as const;

/** An app or API the events are pushed to: its name, its client id (the `aud`), and where its logouts go. */
export type Receiver = Pick<RegisteredClient, 'clientId' | 'name' | 'backChannelLogoutUri'>;

/** Where an app receives pushed events: its back-channel logout URI's sibling under `basePath`. */
function pushEndpoint(client: Receiver): string {
  return client.backChannelLogoutUri.replace(/\/back-channel-logout$/, '/security-events');
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Error('the form is too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

/**
 * A request listener that answers the transmitter's paths and the page (`true`), and leaves every
 * other request to oidc-provider (`false`).
 * Events go only to the registered apps (and the middle-tier API), each with its own client id as `aud`; the subject is
 * the user at this IdP (`iss_sub`), as the apps registered their sign-ins.
 */
export async function securityEvents(
  issuer: string,
  clients: readonly Receiver[],
  log: (line: string) => void,
): Promise<(req: IncomingMessage, res: ServerResponse) => boolean> {
  const transmitter = await SsfTransmitter.create({ issuer: `${issuer}/ssf`, audience: clients[0]?.clientId ?? '' });
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/ssf/send') {
      void send(req, res).catch((error: unknown) => {
        res
          .writeHead(400, { 'content-type': 'text/plain' })
          .end(error instanceof Error ? error.message : 'bad request');
      });
      return true;
    }
    // What a receiver reads: the metadata and the keys (this demo pushes; it offers no poll or stream API).
    if (req.method !== 'GET' || (path !== '/ssf/jwks' && path !== '/.well-known/ssf-configuration/ssf')) return false;
    const headers = new Headers({ accept: String(req.headers.accept ?? '*/*') });
    void transmitter
      .handle(new Request(new URL(req.url ?? '/', issuer), { method: req.method ?? 'GET', headers }))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
      });
    return true;
  };

  async function send(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      const options = Object.keys(EVENTS)
        .map((label) => `<option>${escapeHtml(label)}</option>`)
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        page(
          'Send a security event',
          `<p>Pushes a Shared Signals event about a user to every app of this demo, as an identity
platform does when an admin revokes a user's sessions.</p>
<form method="post"><p><label>User <input name="user" value="alice" required></label></p>
<p><label>Event <select name="event">${options}</select></label></p><button>Send</button></form>`,
        ),
      );
      return;
    }
    // A page elsewhere must not sign users out through the demo user's browser (a cross-site form
    // post carries its own Origin); the page's own form, or a script without one, may.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== new URL(issuer).origin) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('cross-site requests are refused');
      return;
    }
    const params = await form(req);
    const user = params.get('user')?.trim() ?? '';
    const type = EVENTS[params.get('event') as keyof typeof EVENTS] ?? EVENTS['session revoked (CAEP)'];
    if (user === '' || user.length > 200) throw new Error('name a user');
    const rows: string[] = [];
    for (const client of clients) {
      const event = await transmitter.issue(
        type,
        { format: 'iss_sub', iss: issuer, sub: user },
        type.endsWith('token-claims-change') ? { claims: { role: 'changed' } } : {},
        { claims: { aud: client.clientId } },
      );
      const answer = await transmitter.push(pushEndpoint(client), event).then(
        (response) => String(response.status),
        () => 'not reached',
      );
      log(`security event ${type.split('/').pop()} about ${user} pushed to ${client.clientId}: ${answer}`);
      rows.push(`<li>${escapeHtml(client.name)}: <span class="answer">${escapeHtml(answer)}</span></li>`);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      page(
        'Security event sent',
        `<p>${escapeHtml(type)} about ${escapeHtml(user)}:</p><ul>${rows.join('')}</ul>
<p><a href="/ssf/send">Send another</a></p>`,
      ),
    );
  }
}
