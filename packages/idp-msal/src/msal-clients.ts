// A fresh msal client per call, so concurrent users never share msal's in-memory token cache.
import { ConfidentialClientApplication, type Configuration, LogLevel } from '@azure/msal-node';
import { isIdentityWebError } from '@identity-web/core';
import { ErrorCode, IdentityWebError } from '@identity-web/core/provider';
import { CallNetwork } from './http/call-network.js';
import { DiscoveryCache } from './http/discovery.js';
import { withTimeout } from './http/transport.js';
import type { ProviderSettings } from './settings.js';

/** One call's msal client and the network it uses. Never shared, never kept. */
export interface MsalCall {
  readonly app: ConfidentialClientApplication;
  readonly network: CallNetwork;
}

/**
 * Builds a fresh `ConfidentialClientApplication` per call.
 *
 * Why not one shared client: its token cache is one in-memory object. Deserializing user A's
 * partition into it, awaiting the token endpoint, and serializing it back races with user B
 * doing the same: B's deserialize replaces A's cache mid-flight, so A's write-back would hold
 * B's account (or lose A's refreshed tokens). A cache plugin does not help — `beforeCacheAccess`
 * and `afterCacheAccess` of interleaved calls still act on that one shared cache. A client per
 * call owns its cache outright; its construction is cheap (no I/O) because discovery answers
 * are shared through {@link DiscoveryCache} and a certificate assertion is signed once.
 */
export class MsalClients {
  private readonly base: Configuration;
  private readonly discovery: DiscoveryCache;

  constructor(private readonly settings: ProviderSettings) {
    this.discovery = new DiscoveryCache(settings.clock);
    const { credential, authority } = settings;
    this.base = {
      auth: {
        clientId: settings.clientId,
        authority: authority.url,
        knownAuthorities: [...authority.knownAuthorities],
        clientCapabilities: [...settings.clientCapabilities],
        ...(settings.authorityMetadata ? { authorityMetadata: settings.authorityMetadata } : {}),
        ...(settings.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: settings.cloudDiscoveryMetadata } : {}),
        ...(credential.kind === 'secret'
          ? { clientSecret: credential.secret }
          : { clientAssertion: (config) => this.assertion(config.clientId, config.tokenEndpoint ?? '') }),
      },
      system: {
        // msal's lines go to the app's logger at the chosen level; PII logging stays off whatever is set.
        loggerOptions: msalLogger(settings),
      },
    };
  }

  create(): MsalCall {
    const network = new CallNetwork(this.settings, this.discovery);
    const app = new ConfidentialClientApplication({
      ...this.base,
      system: { ...this.base.system, networkClient: network },
    });
    return { app, network };
  }

  /** The credential callback, bounded like any request: a hanging assertion source cannot hang a call. */
  private async assertion(clientId: string, tokenEndpoint: string): Promise<string> {
    const { credential, timeoutMs } = this.settings;
    if (credential.kind !== 'assertion') throw new Error('unreachable: no assertion credential');
    try {
      const jwt = await withTimeout(timeoutMs, 'the client assertion', () =>
        credential.assertion({ clientId, tokenEndpoint }),
      );
      if (typeof jwt !== 'string' || jwt === '') throw new TypeError('the client assertion is not a string');
      return jwt;
    } catch (error) {
      if (isIdentityWebError(error)) throw error;
      throw new IdentityWebError(ErrorCode.ServerError, 'the client assertion could not be produced', { cause: error });
    }
  }
}

const MSAL_LEVELS = {
  error: LogLevel.Error,
  warning: LogLevel.Warning,
  info: LogLevel.Info,
  verbose: LogLevel.Verbose,
};

function msalLogger(settings: ProviderSettings) {
  const { logger } = settings;
  return {
    piiLoggingEnabled: false,
    logLevel: logger ? MSAL_LEVELS[settings.logLevel] : LogLevel.Error,
    loggerCallback: (level: LogLevel, message: string, containsPii: boolean) => {
      if (!logger || containsPii) return;
      const fields = { source: 'msal', level: LogLevel[level] };
      if (level === LogLevel.Error) logger.error(fields, message);
      else if (level === LogLevel.Warning) logger.warn(fields, message);
      else if (level === LogLevel.Info) logger.info(fields, message);
      else logger.debug(fields, message);
    },
  };
}
