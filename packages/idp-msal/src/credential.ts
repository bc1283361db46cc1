// The one credential msal gets, from createMsalProvider's options: a secret, a certificate it signs
// assertions with, or the app's assertion callback.
import {
  type Clock,
  invalidOption,
  optionalFunction,
  optionalObject,
  optionalString,
  requiredString,
} from '@identity-web/core/provider';
import { certificateAssertion } from './certificate-assertion.js';
import type { ClientAssertionContext, MsalClientCertificate, MsalProviderOptions } from './options.js';

/** The one credential msal gets: a secret, or an assertion callback (`certificate`: the one it signs with). */
export type Credential =
  | { readonly kind: 'secret'; readonly secret: string }
  | {
      readonly kind: 'assertion';
      readonly assertion: (context: ClientAssertionContext) => Promise<string>;
      readonly certificate?: { readonly thumbprint: string } | { readonly thumbprintSha256: string };
    };

const CREDENTIALS = ['clientSecret', 'clientCertificate', 'clientAssertion'] as const;

/** The credential the options give: exactly one of them, checked. */
export function credentialOf(options: MsalProviderOptions, clock: Clock): Credential {
  const { clientSecret, clientCertificate, clientAssertion } = options;
  const given = CREDENTIALS.filter((name) => options[name] !== undefined);
  if (given.length === 0) {
    const unset = CREDENTIALS.find((name) => Object.hasOwn(options, name));
    throw invalidOption(
      unset ?? 'clientSecret',
      unset === undefined
        ? '(or "clientCertificate" or "clientAssertion") is required'
        : 'is undefined (an unset environment variable?): give the credential the app registration has',
    );
  }
  if (given.length > 1) throw invalidOption(given[1] ?? '', `must not be set together with "${given[0]}"`);
  if (clientSecret !== undefined) return { kind: 'secret', secret: requiredString(clientSecret, 'clientSecret') };
  if (clientAssertion !== undefined) {
    optionalFunction(clientAssertion, 'clientAssertion');
    return { kind: 'assertion', assertion: async (context) => clientAssertion(context) };
  }
  // The one credential given, so not undefined.
  const certificate = optionalObject(clientCertificate, 'clientCertificate') as MsalClientCertificate;
  requiredString(certificate.privateKey, 'clientCertificate.privateKey');
  const { thumbprint, thumbprintSha256, x5c } = certificate;
  if (thumbprintSha256 !== undefined && !/^[0-9a-f]{64}$/i.test(String(thumbprintSha256))) {
    throw invalidOption('clientCertificate.thumbprintSha256', 'must be 64 hex digits');
  }
  if (thumbprint !== undefined && !/^[0-9a-f]{40}$/i.test(String(thumbprint))) {
    throw invalidOption('clientCertificate.thumbprint', 'must be 40 hex digits (SHA-1)');
  }
  if (thumbprint === undefined && thumbprintSha256 === undefined) {
    throw invalidOption('clientCertificate.thumbprintSha256', '(or "clientCertificate.thumbprint") is required');
  }
  optionalString(x5c, 'clientCertificate.x5c');
  const named = thumbprintSha256 === undefined ? { thumbprint: String(thumbprint) } : { thumbprintSha256 };
  return { kind: 'assertion', assertion: certificateAssertion(certificate, clock), certificate: named };
}
