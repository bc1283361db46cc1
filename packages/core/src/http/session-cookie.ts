// The session cookie: reads and verifies it once per request, with the in-process memo; issues and clears it.
import { MemoEntry, SessionMemo } from '../cache/session-memo.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import type { CookieSigner } from '../crypto/cookie-signer.js';
import type { Session } from '../domain/session.js';
import { SessionRecords } from '../records/session-records.js';
import { RecordSessionActivity } from '../use-cases/record-session-activity.js';
import { clearCookie, setCookie } from './cookies.js';
import type { CookieToSet, HttpRequest } from './types.js';

/** What a session cookie leads to: a memo entry (verified before), a session, or none. */
export type Found = MemoEntry | Session | null;

function sessionOf(found: Found): Session | null {
  return found instanceof MemoEntry ? found.session : found;
}

/** The browser holds only the signed session id; everything else stays server-side, sealed. */
@injectable()
export class SessionCookie {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.CookieSigner) private readonly signer: CookieSigner,
    @inject(SessionRecords) private readonly sessions: SessionRecords,
    @inject(SessionMemo) private readonly memo: SessionMemo,
    @inject(RecordSessionActivity) private readonly activity: RecordSessionActivity,
  ) {}

  /** The signed id from the cookie, or `null` if missing or tampered. */
  async id(req: HttpRequest): Promise<string | null> {
    const name = this.settings.cookies.session;
    return this.signer.verify(name, req.cookie(name));
  }

  /**
   * The live session of this request, or `null` (no cookie, bad signature, ended, expired). A
   * cookie verified before is answered from the memo, synchronously: no Web Crypto, no store
   * read, no promise.
   */
  read(req: HttpRequest): Session | null | Promise<Session | null> {
    const found = this.lookup(req);
    return found instanceof Promise ? found.then(sessionOf) : sessionOf(found);
  }

  /**
   * As {@link read}, for the per-request path: a verified cookie whose session goes on unchanged
   * (no idle-activity write due) comes back as its memo entry, so the caller can keep what it
   * derives from the session on the entry and find it with the same lookup next time.
   */
  lookup(req: HttpRequest): Found | Promise<Found> {
    const cookie = req.cookie(this.settings.cookies.session);
    // A third-party adapter's `null` (or anything not a string) is no cookie, as the signer says.
    if (typeof cookie !== 'string') return null;
    const known = this.memo.find(cookie);
    return known === null ? this.verify(cookie) : this.live(cookie, known);
  }

  private async verify(cookie: string): Promise<Found> {
    const id = await this.signer.verify(this.settings.cookies.session, cookie);
    const session = id === null ? null : await this.sessions.get(id);
    if (session === null) return null;
    const known = this.memo.remember(cookie, session);
    return known === null ? this.activity.execute(cookie, session) : this.live(cookie, known);
  }

  private live(cookie: string, known: MemoEntry): Found | Promise<Session | null> {
    const live = this.activity.execute(cookie, known.session);
    return live === known.session ? known : live;
  }

  async issue(session: Session): Promise<CookieToSet> {
    const name = this.settings.cookies.session;
    return setCookie(this.settings, name, await this.signer.sign(name, session.id), this.settings.sessionTtlSeconds);
  }

  clear(): CookieToSet {
    return clearCookie(this.settings, this.settings.cookies.session);
  }
}
