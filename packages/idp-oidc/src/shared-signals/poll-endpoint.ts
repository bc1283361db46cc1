// Where the stream's bearer token may be sent: a poll endpoint a stream answer names is adopted
// only on an origin the transmitter's own metadata vouches for.
import { idpError } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';
import { describeUrl } from '../http/transport.js';
import type { LoadedMetadata } from './metadata.js';

/**
 * The poll endpoint (`endpoint_url`, SSF 1.0 §6.1.2) of a stream the transmitter answered, checked
 * before the bearer token goes there with every poll. A stream answer is a JSON body, not the
 * transmitter's signed or well-known word: a compromised or confused management API (or anything
 * on its path inside the transmitter's network) could name any https URL, such as a cloud
 * metadata service (`https://169.254.169.254/…`), and have the token sent to it. So the endpoint
 * must be on the issuer's origin, on the origin of an endpoint its metadata names (fetched from the
 * issuer's well-known URL, SSF 1.0 §7.2), or on the origin of the app's own `pollEndpoint`.
 */
export function adoptedPollEndpoint(
  value: string,
  trusted: { issuer: URL; metadata: LoadedMetadata; configured: string | undefined },
  allowInsecure: boolean,
): string {
  const url = endpointUrl(value, 'endpoint_url', allowInsecure);
  const { issuer, metadata, configured } = trusted;
  const origins = new Set(
    [
      issuer.href,
      configured,
      metadata.configurationEndpoint,
      metadata.statusEndpoint,
      metadata.verificationEndpoint,
    ].flatMap((known) => (known === undefined ? [] : [new URL(known).origin])),
  );
  if (url.username !== '' || url.password !== '') {
    throw idpError("the transmitter's stream names a poll endpoint with credentials in its URL: refused");
  }
  if (!origins.has(url.origin)) {
    throw idpError(
      `the transmitter's stream names the poll endpoint ${describeUrl(url.href)}, on an origin neither its issuer nor its metadata names: the stream's bearer token is not sent there; if that endpoint is genuine, give sharedSignalsTransmitter({ pollEndpoint }) its URL`,
    );
  }
  return url.href;
}
