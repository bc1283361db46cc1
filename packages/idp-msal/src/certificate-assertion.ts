// The client assertion a certificate credential signs, in msal-node's exact form, cached until near expiry.
import { createPrivateKey, type KeyObject, randomUUID } from 'node:crypto';
import { type Clock, invalidOption } from '@identity-web/core/provider';
import { SignJWT } from 'jose';
import type { ClientAssertionContext, MsalClientCertificate } from './options.js';

// msal makes assertions valid for 600 s; we renew 120 s early so one never expires in flight.
const LIFETIME_SECONDS = 600;
const RENEW_BEFORE_SECONDS = 120;

/** The base64 DER bodies of a PEM chain, as the `x5c` header wants them (msal's `parseCertificate`). */
function x5cChain(pem: string): string[] {
  const certs: string[] = [];
  for (const match of pem.matchAll(/-----BEGIN CERTIFICATE-----\r?\n([\s\S]+?)\r?\n-----END CERTIFICATE-----/g)) {
    certs.push((match[1] ?? '').replace(/\s+/g, ''));
  }
  if (certs.length === 0) throw invalidOption('clientCertificate.x5c', 'must be a PEM certificate chain');
  return certs;
}

function parseKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    // Never echo the key, not even a part of it.
    throw invalidOption('clientCertificate.privateKey', 'must be a PEM private key');
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalidOption('clientCertificate.privateKey', 'must be an RSA key');
  return key;
}

/**
 * Signs the client assertion a certificate credential needs, in the exact form msal-node does
 * (PS256 + `x5t#S256`, or RS256 + `x5t` for a SHA-1 thumbprint), and caches it. Each call builds
 * its own msal client, so without this cache every call — cache hits included — would pay an
 * RSA signature.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 */
export function certificateAssertion(
  certificate: MsalClientCertificate,
  clock: Clock,
): (context: ClientAssertionContext) => Promise<string> {
  const key = parseKey(certificate.privateKey);
  const sha256 = certificate.thumbprintSha256 !== undefined;
  const thumbprint = (certificate.thumbprintSha256 ?? certificate.thumbprint ?? '').toLowerCase();
  const header = {
    alg: sha256 ? 'PS256' : 'RS256',
    typ: 'JWT',
    [sha256 ? 'x5t#S256' : 'x5t']: Buffer.from(thumbprint, 'hex').toString('base64url'),
    ...(certificate.x5c === undefined ? {} : { x5c: x5cChain(certificate.x5c) }),
  };
  let cached: { jwt: string; audience: string; expiresAt: number } | undefined;

  return async ({ clientId, tokenEndpoint }) => {
    const seconds = Math.floor(clock.now() / 1000);
    if (cached && cached.audience === tokenEndpoint && cached.expiresAt - RENEW_BEFORE_SECONDS > seconds) {
      return cached.jwt;
    }
    const jwt = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader(header as { alg: string })
      .setAudience(tokenEndpoint)
      .setIssuer(clientId)
      .setSubject(clientId)
      .setIssuedAt(seconds)
      .setNotBefore(seconds)
      .setExpirationTime(seconds + LIFETIME_SECONDS)
      .sign(key);
    cached = { jwt, audience: tokenEndpoint, expiresAt: seconds + LIFETIME_SECONDS };
    return jwt;
  };
}
