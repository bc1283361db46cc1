// The sign-in cookies: each transaction sealed in one of a few slots of the browser that started it.
import type { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import type { RecordCipher } from '../crypto/record-cipher.js';
import { badRequest, ErrorCode } from '../domain/errors.js';
import type { Transaction } from '../domain/session.js';
import { clearCookie, setCookie } from './cookies.js';
import type { CookieOptions, CookieToSet, HttpRequest } from './types.js';

/** Sign-ins one browser may have in flight at once (parallel tabs); a fifth replaces the oldest. */
export const SIGN_IN_SLOTS = 4;
/** The first character of a `state`: the digit of its slot. */
const SLOT_DIGITS: readonly string[] = Array.from({ length: SIGN_IN_SLOTS }, (_, slot) => String(slot));
/** Browsers keep cookies up to about 4,096 bytes, name and attributes included (RFC 6265 §6.1). */
const MAX_SEALED_LENGTH = 3_800;

/**
 * Sign-in transactions travel sealed (AES-GCM, the cookie's name as additional data) in one of a
 * few cookie slots of the browser that started them; `state` begins with the slot's digit, so the
 * callback knows where to look. No server state exists before a user has signed in.
 */
export class SignInCookies {
  constructor(
    private readonly settings: Settings,
    private readonly cipher: RecordCipher,
    private readonly providers: Pick<Providers, 'all' | 'named'>,
  ) {}

  /**
   * form_post arrives as a cross-site POST, which carries only SameSite=None cookies: a
   * transaction's cookie is `None` when its provider answers so, else `Lax` (among several
   * providers, a sign-in at one that answers with a redirect keeps the stricter cookie). A
   * transaction naming no provider of the app's (none is written so) gets what a callback clears with.
   */
  private sameSiteOf(transaction: Transaction): CookieOptions['sameSite'] {
    const provider = this.providers.named(transaction.provider);
    if (provider === undefined) return this.clearingSameSite;
    return provider.idp.responseMode === 'form_post' ? 'None' : 'Lax';
  }

  /**
   * What a cookie that no transaction could be read from is cleared with: `None` with any
   * provider that answers with form_post (it may have been written so).
   */
  private get clearingSameSite(): CookieOptions['sameSite'] {
    return this.providers.all.some(({ idp }) => idp.responseMode === 'form_post') ? 'None' : 'Lax';
  }

  /** A free slot, or the one holding the oldest transaction. */
  async slotFor(req: HttpRequest): Promise<number> {
    let oldest = { slot: 0, createdAt: Number.POSITIVE_INFINITY };
    for (let slot = 0; slot < SIGN_IN_SLOTS; slot++) {
      const tx = await this.read(req, slot);
      if (tx === null) return slot;
      if (tx.createdAt < oldest.createdAt) oldest = { slot, createdAt: tx.createdAt };
    }
    return oldest.slot;
  }

  /** The cookie carrying `transaction` in `slot`; 400 when it would not fit in a browser cookie. */
  async write(slot: number, transaction: Transaction): Promise<CookieToSet> {
    const name = this.name(slot);
    const sealed = await this.cipher.seal(name, JSON.stringify(transaction));
    if (sealed.length > MAX_SEALED_LENGTH) {
      throw badRequest(ErrorCode.InvalidRequest, 'the sign-in request is too large (returnTo, scope and claims)');
    }
    return setCookie(this.settings, name, sealed, this.settings.signInTtlSeconds, this.sameSiteOf(transaction));
  }

  /**
   * This browser's transaction for the callback's `state` (or `null`), and the cookies that clear
   * it: the slot the state names — the sign-in this callback claims to end, found or not — or,
   * when it names none (no state, a garbled one), every sign-in cookie the browser sent: the
   * callback is refused and no slot can be told apart. Either way a refused callback leaves no
   * transaction of its own behind; other tabs' sign-ins survive a callback naming another slot.
   */
  async take(
    req: HttpRequest,
    state: string | null,
  ): Promise<{ transaction: Transaction | null; clear: CookieToSet[] }> {
    const slot = state === null ? -1 : SLOT_DIGITS.indexOf(state.charAt(0));
    const named = slot !== -1;
    const slots = named ? [slot] : [...Array(SIGN_IN_SLOTS).keys()].filter((s) => this.sent(req, s));
    const transaction = named ? await this.read(req, slot) : null;
    // A cookie is cleared as it was written: a browser that refused a `None; Secure` cookie (Safari
    // on plain-http loopback) would keep a `Lax` one that such a clearing cookie claims to remove.
    const sameSite = transaction === null ? this.clearingSameSite : this.sameSiteOf(transaction);
    return { transaction, clear: slots.map((s) => clearCookie(this.settings, this.name(s), sameSite)) };
  }

  private sent(req: HttpRequest, slot: number): boolean {
    return req.cookie(this.name(slot)) !== undefined;
  }

  private async read(req: HttpRequest, slot: number): Promise<Transaction | null> {
    const name = this.name(slot);
    const json = await this.cipher.openOrNull(name, req.cookie(name));
    return json === null ? null : (JSON.parse(json) as Transaction);
  }

  private name(slot: number): string {
    return `${this.settings.cookies.signIn}.${slot}`;
  }
}
