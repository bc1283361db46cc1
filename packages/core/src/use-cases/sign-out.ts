// A user's own sign-out: the local one first, then the URL that signs them out at the identity provider.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { randomId } from '../crypto/random.js';
import type { Session } from '../domain/session.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { Logger } from '../ports/logger.port.js';
import { RemoveAccount } from './remove-account.js';

export interface SignOutResult {
  /** Where to send the browser: the IdP's end-session URL, or `null` for the local signed-out page. */
  readonly endSessionUrl: URL | null;
  /** One-time value echoed back to `/signed-out` (RP-Initiated Logout 1.0 §2). */
  readonly state: string;
}

/** Local sign-out first (tokens and sessions gone), then the RP-initiated logout URL. */
@injectable()
export class SignOut {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
  ) {}

  async execute(session: Session | null): Promise<SignOutResult> {
    if (session) await this.removeAccount.execute(session.accountKey, 'sign-out', [session.id]);
    const state = randomId();
    let url: URL | null = null;
    // The provider that signed the session in: the user signs out there, and nowhere else.
    const idp = session ? this.providers.ofKey(session.accountKey, session.issuer)?.idp : undefined;
    if (session && idp) {
      try {
        url = await idp.endSessionUrl({
          postLogoutRedirectUri: this.settings.postLogoutRedirectUri,
          state,
          ...(session.idTokenHint !== undefined && { idTokenHint: session.idTokenHint }),
          ...(session.account.loginHint !== undefined && { logoutHint: session.account.loginHint }),
        });
      } catch (error) {
        // The local sign-out is done; an unreachable IdP only costs the global part.
        this.logger.warn({ code: (error as { code?: string }).code }, 'identity-web: end-session URL unavailable');
      }
    }
    const hook = { account: session?.account ?? null, url };
    await this.events.emit('beforeSignOutRedirect', hook);
    return { endSessionUrl: hook.url, state };
  }
}
