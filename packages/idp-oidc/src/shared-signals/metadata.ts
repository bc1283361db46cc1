// The transmitter's configuration metadata (SSF 1.0 §7): where it is, and what must hold of it.
import { type FetchLike, providerFailure, type TransmitterMetadata } from '@identity-web/core/provider';
import { idpError } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';
import { describeUrl } from '../http/transport.js';

/** The metadata as the core reads it, and the endpoints this package calls. */
export interface LoadedMetadata {
  readonly metadata: TransmitterMetadata;
  readonly jwksUri: string;
  /** SSF 1.0 §8.1.1: the stream configuration endpoint, when the transmitter offers management. */
  readonly configurationEndpoint?: string;
  /** SSF 1.0 §8.1.2: the stream status endpoint. */
  readonly statusEndpoint?: string;
  /** SSF 1.0 §8.1.4.2: the verification endpoint. */
  readonly verificationEndpoint?: string;
}

/**
 * SSF 1.0 §7.2: `/.well-known/ssf-configuration` inserted between the issuer's host and path;
 * a RISC transmitter's `/.well-known/risc-configuration` when there is none (§7.2.2). The
 * document's `issuer` must be the configured one exactly, and its `jwks_uri` https.
 */
export async function fetchMetadata(
  fetch: FetchLike,
  issuer: URL,
  issuerText: string,
  allowInsecure: boolean,
): Promise<LoadedMetadata> {
  const path = issuer.pathname === '/' ? '' : issuer.pathname.replace(/\/$/, '');
  let document: Record<string, unknown> | undefined;
  let explicitTyping = true;
  for (const name of ['ssf-configuration', 'risc-configuration']) {
    const url = `${issuer.origin}/.well-known/${name}${path}`;
    const response = await fetch(url, { method: 'GET', redirect: 'manual', headers: { accept: 'application/json' } });
    if (response.status === 404) continue;
    if (response.status !== 200) {
      const message = `the transmitter's ${describeUrl(url)} answered HTTP ${response.status}`;
      throw providerFailure(response.status, message);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw idpError(`the transmitter's ${describeUrl(url)} is not a JSON object`);
    }
    document = body as Record<string, unknown>;
    explicitTyping = name === 'ssf-configuration';
    break;
  }
  if (document === undefined) {
    throw idpError(`${issuer.origin} publishes neither /.well-known/ssf-configuration nor risc-configuration`);
  }
  if (document.issuer !== issuerText) {
    throw idpError(
      `the transmitter's metadata names the issuer ${typeof document.issuer === 'string' ? JSON.stringify(document.issuer.slice(0, 200)) : `as a ${typeof document.issuer}`}, not ${issuerText}: give sharedSignalsTransmitter the issuer exactly as it is there`,
    );
  }
  const jwksUri = endpointUrl(document.jwks_uri, 'jwks_uri', allowInsecure).href;
  const critical = document.critical_subject_members;
  const optional = (name: string) =>
    document[name] === undefined ? {} : { [camel(name)]: endpointUrl(document[name], name, allowInsecure).href };
  return {
    jwksUri,
    ...optional('configuration_endpoint'),
    ...optional('status_endpoint'),
    ...optional('verification_endpoint'),
    metadata: {
      issuer: issuerText,
      explicitTyping,
      criticalSubjectMembers: Array.isArray(critical) ? critical.filter((m) => typeof m === 'string') : [],
    },
  };
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
