// The list of use cases each instance's container registers as singletons. The Shared Signals use
// cases are not on it, nor the session list's: the receiver a transmitter carries and
// `session.list` register them (../security-event-receiver.ts, ../session-list.ts).
import { AcquireToken } from './acquire-token.js';
import { AcquireTokenForApp } from './acquire-token-for-app.js';
import { CompleteSignIn } from './complete-sign-in.js';
import { EndSession } from './end-session.js';
import { HandleBackChannelLogout } from './handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from './handle-front-channel-logout.js';
import { RecordSessionActivity } from './record-session-activity.js';
import { RemoveAccount } from './remove-account.js';
import { Revocations } from './revocations.js';
import { SignOut } from './sign-out.js';
import { SignOutUser } from './sign-out-user.js';
import { SilentToken } from './silent-token.js';
import { StartSignIn } from './start-sign-in.js';
import { TokenWriteBack } from './token-write-back.js';

/** Registered as singletons in each instance's container. */
export const USE_CASES = [
  AcquireToken,
  AcquireTokenForApp,
  CompleteSignIn,
  EndSession,
  HandleBackChannelLogout,
  HandleFrontChannelLogout,
  RecordSessionActivity,
  RemoveAccount,
  Revocations,
  SignOut,
  SignOutUser,
  SilentToken,
  StartSignIn,
  TokenWriteBack,
] as const;
