// Public entry of @identity-web/msal.
export { createMsalProvider, type MsalIdentityProvider } from './create-msal-provider.js';
export type {
  ClientAssertionContext,
  LogoutTokenOptions,
  MsalClientCertificate,
  MsalProviderOptions,
} from './options.js';
