// Turns whatever msal or Entra throws into the core's typed errors: interaction, 400, 502 or 503.

import { isIdentityWebError } from '@identity-web/core';
import {
  describeInteraction,
  ErrorCode,
  IdentityWebError,
  InteractionRequiredError,
  idpError,
  idpUnavailable,
  isProviderDown,
} from '@identity-web/core/provider';
import type { Credential } from './credential.js';

// The core's factories, under the names this package's modules import from here.
export { idpError, idpUnavailable, safeErrorCode } from '@identity-web/core/provider';

/** The msal error fields we read; msal's classes are matched by shape so a second msal copy still maps. */
interface MsalErrorShape {
  readonly name?: unknown;
  readonly errorCode?: unknown;
  readonly subError?: unknown;
  readonly errorNo?: unknown;
  readonly status?: unknown;
  readonly claims?: unknown;
}

export interface ErrorContext {
  /** `redeem` turns a rejected code into a 400; `silent` and `obo` (on behalf of a user) into interaction. */
  readonly operation: 'authorize' | 'redeem' | 'silent' | 'app' | 'obo';
  /** The call's network module: a transport failure it saw explains msal's generic error. */
  readonly network: { readonly failure?: IdentityWebError | null | undefined };
  readonly scopes: readonly string[];
  readonly claims?: string;
  /** The credential of a call that authenticates the client: a refusal of the client names it. */
  readonly credential?: Credential;
}

/** OAuth errors (RFC 6749 §5.2) by which Entra refuses the client itself (AADSTS7000215, 700027, ...). */
const CLIENT_REFUSALS = new Set(['invalid_client', 'unauthorized_client']);

/** What to check of a refused client, by the credential it sent. */
function checkList(credential: Credential): string {
  if (credential.kind === 'secret') {
    return "check clientId and clientSecret: a client secret's Value from the app registration's Certificates & secrets (not its Secret ID), not expired";
  }
  const { certificate } = credential;
  if (certificate === undefined) {
    return 'check the JWT clientAssertion returns: signed with a certificate registered on the app registration of clientId (or issued as its federated credential names), iss and sub clientId, aud the token endpoint';
  }
  const [option, value] = Object.entries(certificate)[0] ?? [];
  return `check that the certificate of clientCertificate.${option} ${value} is uploaded to the app registration of clientId (Certificates & secrets), and that clientCertificate.privateKey is its key`;
}

/**
 * OAuth error codes that stand for an answer msal may report without its status: RFC 6749
 * §4.1.2.1 names `server_error` for a 500 and `temporarily_unavailable` for a 503 that a redirect
 * cannot carry; msal's `network_error` is a request that got no answer.
 */
const ANSWER_OF_CODE: ReadonlyMap<string, number | 'unreachable'> = new Map<string, number | 'unreachable'>([
  ['server_error', 500],
  ['temporarily_unavailable', 503],
  ['network_error', 'unreachable'],
]);

/** Whether Entra is down by the core's one rule, from the error's status or its code. */
function entraDown(e: MsalErrorShape, code: string): boolean {
  const answer = ANSWER_OF_CODE.get(code);
  return (typeof e.status === 'number' && isProviderDown(e.status)) || (answer !== undefined && isProviderDown(answer));
}
const CALLBACK_CODES = new Set(['state_mismatch', 'nonce_mismatch', 'state_not_found']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** `consent_required (AADSTS65001)`: codes only, never Entra's free-text description. */
function describe(e: MsalErrorShape): { label: string; reason: string } {
  const code = text(e.errorCode) || 'unknown_error';
  const sub = text(e.subError);
  const aadsts = text(e.errorNo) ? `AADSTS${text(e.errorNo)}` : '';
  const parts = [sub, aadsts].filter(Boolean).join(', ');
  return { label: parts ? `${code} (${parts})` : code, reason: aadsts || sub || code };
}

function interaction(e: MsalErrorShape, context: ErrorContext, cause: unknown): InteractionRequiredError {
  const { label, reason } = describe(e);
  // A claims challenge from Entra wins; otherwise keep the one this request already carried.
  const claims = text(e.claims) || context.claims;
  return new InteractionRequiredError(
    `${describeInteraction(text(e.subError) || text(e.errorCode) || 'unknown_error', claims !== '')}; Entra answered ${label}`,
    { scopes: [...context.scopes], reason, ...(claims ? { claims } : {}) },
    { cause },
  );
}

/**
 * Maps anything msal throws to the core's errors:
 * `InteractionRequiredAuthError` → `InteractionRequiredError` (scopes + claims challenge);
 * `invalid_grant` → interaction on silent calls too (a dead refresh token: AADSTS70043, 700082,
 * 50173, which msal reports as a plain `ServerError`, as MSAL.NET's `MsalUiRequiredException`
 * does); on code redemption both are a 400;
 * 5xx / 429 / transport failures → `idp_unavailable` (503); the rest → `idp_error` (502).
 */
export function mapMsalError(error: unknown, context: ErrorContext): IdentityWebError {
  if (isIdentityWebError(error)) return error;
  if (context.network.failure) return context.network.failure;
  if (typeof error !== 'object' || error === null) return idpError('Entra request failed', error);
  const e = error as MsalErrorShape;
  const code = text(e.errorCode);
  const { label } = describe(e);

  if (entraDown(e, code)) return idpUnavailable(`Entra is unavailable: ${label}`, error);
  if (e.name === 'InteractionRequiredAuthError' || code === 'invalid_grant') {
    if (context.operation === 'redeem') {
      return new IdentityWebError(ErrorCode.InvalidCallback, `Entra rejected the sign-in: ${label}`, { cause: error });
    }
    // No user can help an app-only token: it is a configuration problem.
    if (context.operation === 'silent' || context.operation === 'obo') return interaction(e, context, error);
  }
  if (CALLBACK_CODES.has(code)) {
    return new IdentityWebError(ErrorCode.InvalidCallback, `the sign-in response failed a check: ${code}`, {
      cause: error,
    });
  }
  if (CLIENT_REFUSALS.has(code) && context.credential !== undefined) {
    return idpError(`Entra refused the client: ${label}: ${checkList(context.credential)}`, error);
  }
  return idpError(`Entra request failed: ${label}`, error);
}
